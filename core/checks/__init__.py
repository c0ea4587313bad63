"""The checks (勾稽关系 and wording rules): each rule kind's parameters, the rule functions by kind, and
``validation`` which runs a template's rules over a report and says what keeps it from 定稿."""
