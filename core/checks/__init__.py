"""The checks (勾稽关系 and wording rules): the rule functions by kind (tables, years, text, narrative) and
``validation``, which runs a template's rules over a report and says what keeps it from 定稿. The rules'
parameters are read with the template (``core.rule_params``)."""
