"""The 勾稽校验单: every rule that was run, its result, the values compared, each 说明, and signatures.

Built from ``core.checks.validation.run_checks``; available as PDF flowables (appended by
``write_pdf(check_report=True)``) and as its own PDF (``write_check_report``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from html import escape as html_escape
from typing import Any, BinaryIO

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from core.checks.results import (
    FAILED,
    PASSED,
    SKIPPED,
    Summary,
    check_rows,
    explained_warnings,
    open_issues,
    run_results,
    shown_compared,
    summarize,
)
from core.checks.validation import Issue, RuleResult, explanation
from core.export.fonts import FontSet, find_cjk_fonts, font_markup
from core.export.pdf_page import TEXT_W, Styles, WithLead, build_document, clean_text, make_styles, title_paragraph
from core.export.pdf_tables import break_lines
from core.final_status import FinalStatus, final_status
from core.report import Report, content_hash, previous_note
from core.template import SEVERITY_LABELS
from core.wording import DRAFT, FINAL

TITLE_SUFFIX = "勾稽校验单"
_SIZE = 10.5  # 五号


def summary_text(s: Summary) -> str:
    """The summary as one Chinese sentence with all the counts and the conclusion."""
    head = (f"共检查规则 {s.rules} 条：{PASSED} {s.passed} 条，{FAILED} {s.failed} 条，"
            f"{SKIPPED} {s.skipped} 条。发现错误 {s.errors} 项，需核实 {s.warnings} 项"
            f"（已说明 {s.explained} 项，未说明 {s.warnings - s.explained} 项），"
            f"提示 {s.infos} 项。")
    if s.open:
        return head + f"尚有 {s.open} 项问题未解决，解决或说明后方可定稿。"
    return head + "没有未解决的错误或未说明的需核实事项，可以定稿。"


_DEV_REF = re.compile(r"[；;]?\s*checks\.md\s*[A-Z]\d+(?:\.\d+)?")


def source_text(source: str) -> str:
    """The rule's basis as a reader sees it: the developers' ``checks.md V1`` references left out
    (the rule's 编号 is printed beside it), a note left bare in brackets unbracketed."""
    text = _DEV_REF.sub("", clean_text(source)).strip(" ；;")
    if text.startswith("（") and text.endswith("）") and text.count("（") == 1:
        text = text[1:-1]
    return text


def issue_refs(report: Report, results: Sequence[RuleResult]) -> dict[Issue, str]:
    """Where the check report lists each open or explained issue in full: "三、第 1 项", "四、第 2 项"."""
    issues = [i for r in results for i in r.issues]
    refs: dict[Issue, str] = {}
    for n, issue in enumerate(open_issues(report, issues), 1):
        refs.setdefault(issue, f"三、第 {n} 项")
    for n, issue in enumerate(explained_warnings(report, issues), 1):
        refs.setdefault(issue, f"四、第 {n} 项")
    return refs


def detail_lines(report: Report, result: RuleResult, refs: dict[Issue, str] | None = None) -> list[str]:
    """What the check looked at and found: 未运行 reason, values compared, issues and their 说明.

    An issue listed in full further down (``refs``) is pointed at, so each finding is printed once.
    """
    lines: list[str] = []
    if result.skipped:
        lines.append(f"未运行：{result.skipped}")
    lines += [f"比对：{c}" for c in shown_compared(result)]
    pointed: dict[str, list[str]] = {}
    for issue in result.issues:
        ref = (refs or {}).get(issue)
        if ref:
            part, _, number = ref.partition("、")
            pointed.setdefault(part, []).append(number.removeprefix("第 ").removesuffix(" 项"))
            continue
        lines.append(f"{SEVERITY_LABELS.get(issue.severity, issue.severity)}：{issue.message}")
        note = explanation(report, issue)
        if note:
            lines.append(f"说明：{note}")
    heads = {"三": "尚未解决，详见“三、尚未解决的问题”", "四": "已说明，详见“四、已说明的需核实事项”"}
    lines += [f"{heads[part]}第 {'、'.join(numbers)} 项" for part, numbers in pointed.items()]
    return lines


# ---- PDF ---------------------------------------------------------------------------------------------


def _st(styles: Styles) -> dict[str, ParagraphStyle]:
    font = styles.fonts.table
    cell = ParagraphStyle("ck-cell", fontName=font, fontSize=_SIZE, leading=14, wordWrap="CJK")
    out = {
        "title": ParagraphStyle("ck-title", parent=styles.title, fontSize=18, leading=26),
        "h": ParagraphStyle("ck-h", parent=cell, fontName=styles.fonts.heading1, fontSize=12, leading=18,
                            spaceBefore=10, spaceAfter=4, keepWithNext=1),
        "p": ParagraphStyle("ck-p", parent=cell, fontName=styles.fonts.body, fontSize=12, leading=18),
        "cell": cell,
        "center": ParagraphStyle("ck-center", parent=cell, alignment=TA_CENTER),
        "right": ParagraphStyle("ck-right", parent=cell, fontName=styles.fonts.body, fontSize=12, leading=18,
                                alignment=TA_RIGHT),
        "cont": ParagraphStyle("ck-cont", parent=cell, textColor=colors.HexColor("#555555"), fontSize=8,
                               leading=10, alignment=TA_CENTER),
        "note": ParagraphStyle("ck-note", parent=cell, textColor=colors.HexColor("#444444"), fontSize=9,
                               leading=12),
    }
    for style in out.values():
        style.fontset = styles.fonts  # lets _p set rare characters in a font that has them
    return out


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    fonts = getattr(style, "fontset", None)
    text = clean_text(text)
    markup = font_markup(text, style.fontName, fonts) if fonts else html_escape(text, quote=False)
    return Paragraph(markup.replace("\n", "<br/>"), style)


def _grid(data: list[list[Any]], widths: list[float], font: str, repeat: int = 0,
          extra: list[tuple] | None = None, cls: type[Table] = Table) -> Table:
    style = TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                        ("FONT", (0, 0), (-1, -1), font, _SIZE), *(extra or []),
                        ("BOX", (0, 0), (-1, -1), 0.5, colors.black)])  # closes each part of a split table
    # Rows split only between rows: reportlab's in-row split repeated the header row mid-page, left
    # empty slivers and overprinted the repeated header; long rows are cut into chunks instead.
    return cls(data, colWidths=widths, style=style, repeatRows=repeat, hAlign="LEFT")


def _info_table(report: Report, st: dict[str, ParagraphStyle], font: str, previous: Report | None,
                final: FinalStatus) -> Table:
    t = report.template
    if final.trusted:
        state, code = f"{FINAL}（第 {report.version} 版）", report.content_hash
    elif final.untrusted:
        state = f"{DRAFT}（第 {report.version} 版）：{final.reason()}"
        code = f"文件所标：{report.content_hash or '（无）'}\n当前内容：{content_hash(report)}"
    else:
        state = f"{DRAFT}（第 {report.version} 版，未{FINAL}）"
        code = f"当前内容 {content_hash(report)}（{FINAL}前会变化）"
    rows = [("机关名称", report.agency), ("报告年度", f"{report.year}年"),
            ("报告格式", f"{t.name}（{t.document_number}）"), ("状态", state), ("校验码", code),
            ("上年度报告", previous_note(report, previous))]
    data = [[_p(k, st["center"]), _p(v, st["cell"])] for k, v in rows]
    return _grid(data, [30 * mm, TEXT_W - 30 * mm], font)


CHUNK_HEIGHT = 72.0  # points: the tallest part of one rule's details kept in one table row (5 lines)


class _Continued(Flowable):
    """The 编号 cell of a rule's continuation row: blank, or "（续）" when a page starts with it."""

    def __init__(self, mark: Paragraph, visible: bool = False) -> None:
        super().__init__()
        self.mark, self.visible = mark, visible

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        """The mark's size, so the row is tall enough for it either way."""
        return self.mark.wrap(aw, ah)

    def draw(self) -> None:
        """Only when shown."""
        if self.visible:
            self.mark.drawOn(self.canv, 0, 0)


class RulesTable(Table):
    """The rule table; a part that starts on a continuation row says so with "（续）"."""

    def split(self, aw: float, ah: float) -> list[Flowable]:
        """reportlab's row split, then the rest's first rule row marked when it continues a rule."""
        parts = super().split(aw, ah)
        if len(parts) == 2:
            rows = parts[1]._cellvalues
            head = parts[1].repeatRows if isinstance(parts[1].repeatRows, int) else 0
            cell = rows[head][0] if head < len(rows) else None  # a tuple of flowables once the Table made it
            flows = tuple(cell) if isinstance(cell, (list, tuple)) else (cell,)
            if flows and isinstance(flows[0], _Continued):
                shown = _Continued(flows[0].mark, visible=True)
                rows[head][0] = type(cell)((shown,)) if isinstance(cell, tuple) else shown
            # reportlab turns the white rule between a rule's chunk rows, cut by the page break, into
            # a white line above the rest's first row: it erased the repeated header's lower border.
            # Lines are drawn in command order, so these black ones, added last, win.
            parts[0].setStyle([("LINEBELOW", (0, -1), (-1, -1), 0.5, colors.black)])
            parts[1].setStyle([("LINEABOVE", (0, head), (-1, head), 0.5, colors.black)])
        return parts


def _height(text: str, style: ParagraphStyle, width: float) -> float:
    return _p(text, style).wrap(width, 100_000)[1]


def detail_chunks(lines: list[str], style: ParagraphStyle, width: float, limit: float = CHUNK_HEIGHT,
                  first: float = 0.0) -> list[str]:
    """The detail lines grouped into pieces no taller than ``limit`` (a 2,000-character 说明 is cut
    between its printed lines); the first piece may be as tall as ``first`` (the title beside it)."""
    whole = "\n".join(lines)
    if _height(whole, style, width) <= 2 * limit:  # short enough to move whole to the next page
        return [whole or "—"]
    printed: list[str] = []  # the lines as the cell prints them, each fitting the width
    for line in (part for x in lines for part in clean_text(x).split("\n")):
        widths = [stringWidth(ch, style.fontName, style.fontSize) for ch in line]
        printed += break_lines(line, widths, width, width)
    per_chunk = max(1, int(limit // style.leading))
    first_chunk = max(per_chunk, int(first // style.leading))
    chunks = ["\n".join(printed[:first_chunk])]
    chunks += ["\n".join(printed[i:i + per_chunk]) for i in range(first_chunk, len(printed), per_chunk)]
    return chunks


def _rules_table(report: Report, results: Sequence[RuleResult], st: dict[str, ParagraphStyle],
                 font: str, refs: dict[Issue, str]) -> Table:
    head = ["编号", "检查项", "级别", "结果", "比对数值、问题及说明"]
    widths = [14 * mm, 42 * mm, 17 * mm, 17 * mm]
    widths.append(TEXT_W - sum(widths))
    detail_w = widths[-1] - 12  # the Table's default padding, 6 points a side
    data: list[list[Any]] = [[_p(h, st["center"]) for h in head]]
    extra: list[tuple] = []
    fonts = st["cell"].fontset
    for row in check_rows(report, results):
        r = row.result
        result = f"<font color='#b00000'>{row.outcome}</font>" if row.outcome == FAILED else row.outcome
        title = font_markup(clean_text(row.title), font, fonts)
        source = source_text(r.rule.source)
        if source:
            title += f"<br/><font size=8 color='#555555'>{font_markup(source, font, fonts)}</font>"
        title_cell = Paragraph(title, st["cell"])
        chunks = detail_chunks(detail_lines(report, r, refs), st["cell"], detail_w,
                               first=title_cell.wrap(widths[1] - 12, 100_000)[1])
        first = len(data)
        data.append([_p(row.id, st["center"]), title_cell, _p(row.severity, st["center"]),
                     Paragraph(result, st["center"]), _p(chunks[0], st["cell"])])
        for chunk in chunks[1:]:  # continuation rows: no rule between them, marked 续 after a page break
            data.append([_Continued(_p("（续）", st["cont"])), "", "", "", _p(chunk, st["cell"])])
        if len(chunks) > 1:
            last = len(data) - 1
            extra += [("VALIGN", (0, first), (-1, last), "TOP"), ("BOTTOMPADDING", (0, first), (-1, last - 1), 0),
                      ("TOPPADDING", (0, first + 1), (-1, last), 0),
                      ("LINEBELOW", (0, first), (-1, last - 1), 0.5, colors.white),
                      ("LINEBEFORE", (0, first), (-1, last), 0.5, colors.black),
                      ("LINEAFTER", (-1, first), (-1, last), 0.5, colors.black)]
    return _grid(data, widths, font, repeat=1, extra=extra, cls=RulesTable)


def _issue_list(report: Report, issues: list[Issue], st: dict[str, ParagraphStyle], explained: bool) -> list:
    if not issues:
        return [_p("无。", st["p"])]
    out = []
    for n, issue in enumerate(issues, 1):
        sev = SEVERITY_LABELS.get(issue.severity, issue.severity)
        text = f"{n}. [{issue.rule}] {sev}：{issue.message}"
        if explained:
            text += f"\n说明：{explanation(report, issue)}"
        out.append(_p(text, st["p"]))
    return out


SIGNERS = (("填报人", "filler"), ("审核人", "reviewer"), ("负责人", "leader"))


def _signatures(report: Report, st: dict[str, ParagraphStyle], font: str) -> Table:
    """填报人 / 审核人 / 负责人 with their names (from the metadata), ruled space to sign and date, and the seal."""
    date_cell = Paragraph("年" + "&nbsp;" * 4 + "月" + "&nbsp;" * 4 + "日", st["right"])
    rows: list[list[Any]] = [[_p(f"{role}：{report.meta.get(key, '')}", st["p"]), _p("签字：", st["p"]), "",
                              _p("日期：", st["p"]), date_cell] for role, key in SIGNERS]
    rows.append([_p(f"填报单位（盖章）：{report.agency}", st["p"]), "", "", "", ""])
    widths = [44 * mm, 18 * mm, 38 * mm, 18 * mm]  # 签字：/ 日期： on one line (12 pt + padding)
    table = Table(rows, colWidths=[*widths, TEXT_W - sum(widths)], rowHeights=[34] * len(SIGNERS) + [60],
                  hAlign="LEFT")
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "BOTTOM"), ("FONT", (0, 0), (-1, -1), font, 12),
                               ("SPAN", (0, -1), (-1, -1)), ("VALIGN", (0, -1), (-1, -1), "MIDDLE"),
                               ("LINEBELOW", (2, 0), (2, -2), 0.6, colors.black),
                               ("LINEBELOW", (4, 0), (4, -2), 0.6, colors.black)]))
    return table


def check_report_flowables(report: Report, styles: Styles, previous: Report | None = None,
                           results: Sequence[RuleResult] | None = None) -> list[Flowable]:
    """The 勾稽校验单 as flowables (title, status, summary, every rule, open issues, 说明, signatures)."""
    st = _st(styles)
    results = run_results(report, previous) if results is None else list(results)
    font = styles.fonts.table
    issues = [i for r in results for i in r.issues]
    summary = summarize(report, results)
    refs = issue_refs(report, results)
    final = final_status(report, previous, issues)
    listed = _issue_list(report, explained_warnings(report, issues), st, True)
    # the signature block never stands alone on a page: it keeps the last listed item with it
    closing = KeepTogether([listed[-1], Paragraph("五、签字确认", st["h"]), _signatures(report, st, font)])
    return [
        title_paragraph(report, st["title"], styles.fonts, " " + TITLE_SUFFIX),
        Spacer(1, 6),
        _info_table(report, st, font, previous, final),
        Paragraph("一、检查结果汇总", st["h"]), _p(summary_text(summary), st["p"]),
        WithLead([Paragraph("二、逐条检查情况", st["h"])], _rules_table(report, results, st, font, refs)),
        Paragraph("三、尚未解决的问题", st["h"]), *_issue_list(report, open_issues(report, issues), st, False),
        Paragraph("四、已说明的需核实事项", st["h"]), *listed[:-1], closing,
    ]


def write_check_report(report: Report, stream: BinaryIO, previous: Report | None = None,
                       fonts: FontSet | None = None, results: Sequence[RuleResult] | None = None) -> None:
    """Write the 勾稽校验单 as its own PDF (same page layout and draft/final marks as the report)."""
    fonts = fonts or find_cjk_fonts()
    styles = make_styles(fonts)
    story = check_report_flowables(report, styles, previous, results)
    issues = None if results is None else [i for r in results for i in r.issues]
    final = final_status(report, previous, issues).trusted  # the verdict the 状态 row gives
    build_document(stream, report, fonts, f"{clean_text(report.title)} {TITLE_SUFFIX}", final=final).build(story)
