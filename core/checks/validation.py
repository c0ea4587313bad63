"""Check a report against its template's rules (checks.md): issues as data, never an exception.

``run_checks`` runs every rule of the report's template in template order and returns one
``RuleResult`` each (for the 勾稽校验单); ``validate`` flattens them into issues sorted by severity;
``finalise_blockers`` says in Chinese what keeps the report from being finalised.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import TYPE_CHECKING, Any

from core import rule_params as rp
from core.checks import narrative as checks_narrative
from core.checks import tables as checks_tables
from core.checks import text as checks_text
from core.checks import years as checks_years
from core.checks.base import Context, Issue, Outcome, RuleResult, Skip
from core.rule_params import RuleParams
from core.template import SEVERITIES

if TYPE_CHECKING:
    from core.report import Report
    from core.template import Rule

__all__ = ["Issue", "RuleResult", "explanation", "finalise_blockers", "is_explained", "is_open", "run_checks",
           "validate"]

Check = Callable[["Rule[Any]", Context], Outcome]

# Each kind's parameter class (core.rule_params.RULE_PARAMS, the one list of kinds) -> its check.
CHECKS: dict[type[RuleParams], Check] = {
    rp.ValueParams: checks_tables.check_value,
    rp.BlankParams: checks_tables.check_blank,
    rp.MagnitudeParams: checks_tables.check_magnitude,
    rp.DecimalsParams: checks_tables.check_decimals,
    rp.BalanceParams: checks_tables.check_balance,
    rp.CarriedTotalParams: checks_tables.check_carried_total,
    rp.CarryParams: checks_years.check_carry,
    rp.StockParams: checks_years.check_stock,
    rp.ItemStockParams: checks_years.check_item_stock,
    rp.JumpParams: checks_years.check_jump,
    rp.IdenticalParams: checks_years.check_identical,
    rp.TextReuseParams: checks_years.check_text_reuse,
    rp.DeadlineParams: checks_years.check_deadline,
    rp.NarrativeParams: checks_narrative.check_narrative,
    rp.RequiredParams: checks_text.check_required,
    rp.PlaceholderParams: checks_text.check_placeholder,
    rp.MaxCharsParams: checks_text.check_max_chars,
    rp.MentionsParams: checks_text.check_mentions,
    rp.SubstantiveParams: checks_text.check_substantive,
    rp.YearsParams: checks_text.check_years,
}

_RANK = {s: i for i, s in enumerate(SEVERITIES)}


def _run_one(rule: Rule[Any], ctx: Context) -> RuleResult:
    try:
        outcome = CHECKS[type(rule.params)](rule, ctx)
    except Skip as reason:
        return RuleResult(rule, (), (), str(reason))
    except Exception as exc:  # one broken rule must not take the others (or the GUI) down
        return RuleResult(rule, (), (), f"校验规则运行出错（{type(exc).__name__}: {exc}），请向开发人员报告")
    return RuleResult(rule, tuple(outcome.issues), tuple(outcome.compared))


def run_checks(report: Report, previous: Report | None = None, today: date | None = None) -> list[RuleResult]:
    """One result per rule of the report's template, in template order."""
    ctx = Context(report, report.template, previous, today or date.today())
    return [_run_one(rule, ctx) for rule in ctx.template.rules]


def validate(report: Report, previous: Report | None = None, today: date | None = None) -> list[Issue]:
    """Every issue of the report: errors first, then warnings, then infos, each in template order."""
    issues = [i for result in run_checks(report, previous, today) for i in result.issues]
    return sorted(issues, key=lambda i: _RANK.get(i.severity, len(_RANK)))


def explanation(report: Report, issue: Issue) -> str:
    """The officer's 说明 for an issue, stripped ("" when none)."""
    return (report.explanations.get(issue.fingerprint) or "").strip()


def is_explained(report: Report, issue: Issue) -> bool:
    """True when the officer wrote a 说明 for this issue."""
    return bool(explanation(report, issue))


def is_open(report: Report, issue: Issue) -> bool:
    """An error, or a warning without a 说明: what still keeps the report from being finalised."""
    return issue.severity == "error" or (issue.severity == "warning" and not is_explained(report, issue))


def finalise_blockers(report: Report, issues: Iterable[Issue]) -> list[str]:
    """What keeps the report from being finalised, in Chinese: every error, every unexplained warning."""
    blockers = []
    for issue in issues:
        if issue.severity == "error":
            blockers.append(f"错误：{issue.message}")
        elif issue.severity == "warning" and not is_explained(report, issue):
            blockers.append(f"需核实（尚未说明）：{issue.message}")
    return blockers
