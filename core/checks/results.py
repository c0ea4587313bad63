"""The 勾稽校验单 as data: one row per rule, the counts, the open and the explained issues.

The PDF (core.export.check_report), the workbook's 校验单 (core.export.xlsx_check_sheet) and ``nianbao check``
(nianbao.cli_check) each only word and draw these; none counts or judges a rule's outcome itself.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from core.checks.validation import Issue, RuleResult, explanation, is_open, run_checks
from core.report import Report
from core.template import SEVERITIES, SEVERITY_LABELS

PASSED, FAILED, SKIPPED = "通过", "未通过", "未运行"
_MISMATCH = ("≠", "不一致", "（不符）", "按分项计算为")


def run_results(report: Report, previous: Report | None = None) -> list[RuleResult]:
    """The results of every rule of the report's template (core.checks.validation.run_checks)."""
    return list(run_checks(report, previous))


def result_label(result: RuleResult) -> str:
    """通过 / 未通过 / 未运行."""
    if result.skipped:
        return SKIPPED
    return PASSED if result.passed else FAILED


def rule_title(result: RuleResult) -> str:
    """The rule's readable name (its title, else its message template)."""
    return result.rule.title or result.rule.message


def shown_compared(result: RuleResult) -> list[str]:
    """The values compared, less the mismatches a failed rule's issues state in full (said once, not twice)."""
    if not result.issues:
        return list(result.compared)
    said = {issue.message for issue in result.issues}
    return [c for c in result.compared if c not in said and not any(mark in c for mark in _MISMATCH)]


@dataclass(frozen=True)
class CheckRow:
    """One rule's line of the check report: what it is, how it came out, what it compared and found."""

    result: RuleResult
    id: str
    title: str
    severity: str  # the rule's level as printed (错误 / 需核实 / 提示)
    outcome: str  # 通过 / 未通过 / 未运行
    skipped: str  # why it did not run ("" when it ran)
    compared: tuple[str, ...]
    issues: tuple[Issue, ...]
    notes: tuple[str, ...]  # the officer's 说明 of its issues (those that have one)
    state: str  # passed | skipped | the failed rule's severity (error / warning / info)


def check_row(report: Report, result: RuleResult) -> CheckRow:
    """The check-report row of one rule result."""
    rule = result.rule
    state = "skipped" if result.skipped else "passed" if result.passed else rule.severity
    notes = tuple(n for n in (explanation(report, i) for i in result.issues) if n)
    return CheckRow(result, rule.id, rule_title(result), SEVERITY_LABELS.get(rule.severity, rule.severity),
                    result_label(result), result.skipped, tuple(shown_compared(result)), tuple(result.issues),
                    notes, state)


def check_rows(report: Report, results: Sequence[RuleResult]) -> list[CheckRow]:
    """One row per rule result, in template order."""
    return [check_row(report, r) for r in results]


@dataclass(frozen=True)
class IssueCounts:
    """Issues by severity, the explained warnings among them, and those still open."""

    errors: int
    warnings: int
    explained: int
    infos: int
    open: int


def count_issues(report: Report, issues: Iterable[Issue]) -> IssueCounts:
    """Count issues by severity; ``explained``: warnings with a 说明; ``open``: what keeps the 定稿 back."""
    issues = list(issues)
    by_sev = Counter(i.severity for i in issues)
    explained = sum(1 for i in issues if i.severity == "warning" and explanation(report, i))
    return IssueCounts(by_sev["error"], by_sev["warning"], explained, by_sev["info"],
                       sum(is_open(report, i) for i in issues))


@dataclass(frozen=True)
class Summary(IssueCounts):
    """The head of the check report: rules by outcome (failed ones also by their severity) and the issues."""

    rules: int = 0
    passed: int = 0
    failed: int = 0
    skipped: int = 0
    failed_by_severity: tuple[tuple[str, int], ...] = ()

    def failed_of(self, severity: str) -> int:
        """How many rules of this severity failed."""
        return dict(self.failed_by_severity).get(severity, 0)


def summarize(report: Report, results: Sequence[RuleResult]) -> Summary:
    """Count rules by outcome and issues by severity."""
    rows = check_rows(report, results)
    outcomes = Counter(row.outcome for row in rows)
    failed = Counter(row.state for row in rows if row.outcome == FAILED)
    counts = count_issues(report, (i for r in results for i in r.issues))
    return Summary(counts.errors, counts.warnings, counts.explained, counts.infos, counts.open,
                   rules=len(rows), passed=outcomes[PASSED], failed=outcomes[FAILED], skipped=outcomes[SKIPPED],
                   failed_by_severity=tuple((s, failed[s]) for s in SEVERITIES))


def open_issues(report: Report, issues: Iterable[Issue]) -> list[Issue]:
    """The issues that keep the report from being finalised, errors first."""
    order = {sev: n for n, sev in enumerate(SEVERITIES)}
    return sorted((i for i in issues if is_open(report, i)), key=lambda i: order.get(i.severity, 9))


def explained_warnings(report: Report, issues: Iterable[Issue]) -> list[Issue]:
    """The warnings the officer explained, in the order found."""
    return [i for i in issues if i.severity == "warning" and explanation(report, i)]
