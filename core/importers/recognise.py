"""Map a Document onto a Report: edition, year, agency, texts and every cell by its official labels."""

from __future__ import annotations

import re

from core.importers.blocks import Document, ImportRefused
from core.importers.locate import (
    agency_from_signature,
    agency_from_title,
    agency_kind,
    edition_marks,
    find_headings,
    publish_date,
    title_of,
    year_of,
)
from core.importers.result import ImportResult
from core.importers.rows_flat import read_flat_rows
from core.importers.rows_struct import RowRead, read_grid_rows
from core.importers.solve import read_table
from core.importers.source_text import cell_spans
from core.importers.texts import section_texts
from core.report import Report, computed_values
from core.template import Template, edition_for_year, load_template


def recognise(doc: Document, edition: str | None = None) -> ImportResult:
    """The report a document holds, with what could not be read listed (never guessed).

    ``edition`` reads the tables as that edition instead of the one their labels suggest.
    """
    stream = "\n".join(doc.paragraphs())
    cell_text = "\n".join(c for t in doc.tables() for row in t.rows for c in row)
    notes = list(doc.notes)
    title = title_of(doc)
    year, year_from = year_of(title, stream)
    if year is None:
        year = _year_from_date(doc.meta.get("发布时间", "") or doc.meta.get("发文日期", ""))
        if year is None:
            raise ImportRefused("无法确定报告年度：标题和正文中都没有“××××年政府信息公开工作年度报告”或统计期限，"
                                "不像政府信息公开工作年度报告")
        notes.append(f"标题中没有年度，按发布时间推定为 {year} 年度，请核对")
    elif year_from != "标题":
        notes.append(f"年度取自{year_from}：{year} 年，请核对")
    if year < 2019:
        raise ImportRefused(f"这是 {year} 年度的报告：2019 年以前的年度报告没有统一格式，无法按表格导入")
    if edition is None:
        edition = _edition(stream + "\n" + cell_text, year, notes)
    template = load_template(edition)
    agency = _agency(doc, title, notes)
    report = Report(edition, year, meta={"agency": agency, "agency_kind": agency_kind(agency)})
    published = publish_date(doc)
    if published:
        report.meta["publish_date"] = published
    result = ImportResult(report, notes=notes, document=doc)
    headings = find_headings(stream)
    found = _read_cells(doc, stream, headings, template, result)
    result.source_text, result.cell_spans = cell_spans(doc, found, template)
    report.texts.update(section_texts(stream, headings, title, template, agency, notes))
    return result


def _year_from_date(text: str) -> int | None:
    m = re.search(r"((?:19|20)\d{2})", text)
    return int(m.group(1)) - 1 if m else None


def _edition(text: str, year: int, notes: list[str]) -> str:
    old, new = edition_marks(text)
    by_year = edition_for_year(year)
    if old == new == 0:
        notes.append(f"未找到表格栏目名称，按年度采用 {by_year} 版格式")
        return by_year
    edition = "2019" if old > new else "2021"
    if edition != by_year:
        notes.append(f"表格栏目为 {edition} 版格式，而 {year} 年度应使用 {by_year} 版格式；按表格实际栏目导入")
    return edition


def _agency(doc: Document, title: str, notes: list[str]) -> str:
    name = agency_from_title(title)
    if not name:
        name = (doc.meta.get("发布机构") or "").strip()
    if not name:
        name = agency_from_signature(doc.paragraphs())
    if not name:
        notes.append("未能确定机关名称（标题、发布机构、落款中都没有），请补填")
    return name


def _read_cells(doc: Document, stream: str, headings, template: Template, result: ImportResult
                ) -> dict[tuple[str, str], RowRead]:
    """Fill the result's cells; returns the rows found (where each was printed)."""
    found = read_grid_rows(doc.tables(), template)
    wanted = {(spec.id, leaf.id) for spec in template.tables.values() for leaf in spec.row_leaves()}
    missing_rows = wanted - set(found)
    if missing_rows:
        found.update(read_flat_rows(stream, headings, template, missing_rows))
    report = result.report
    for spec in template.tables.values():
        rows = {rid: found[(tid, rid)] for (tid, rid) in found if tid == spec.id}
        tv = read_table(spec, template, rows)
        result.notes.extend(tv.notes)
        for key, value in tv.values.items():
            if key in tv.formulas and value is None:
                continue
            if template.cells[key].computed:
                report.carried[key] = value
            elif value is not None:
                report.cells[key] = value
        result.uncertain.update(tv.uncertain)
        for leaf in spec.row_leaves():
            if leaf.id not in rows:
                result.missing.extend(spec.key(leaf.id, c.id) for c in spec.column_leaves())
    result.cells_read = sum(1 for k in template.cells if k not in result.uncertain and k not in result.missing)
    _note_published_errors(result, template)
    if result.uncertain:
        result.notes.append(f"{len(result.uncertain)} 个单元格的数字无法唯一确定，"
                            "已留空并列出可能的数值，请对照原文填写")
    if result.missing:
        result.notes.append(f"{len(result.missing)} 个单元格在原文中未找到，已留空")
    return found


def _note_published_errors(result: ImportResult, template: Template) -> None:
    """Say where a printed total disagrees with its items (kept as printed; the checks flag it)."""
    computed = computed_values(result.report, template)
    wrong = [key for key, value in result.report.carried.items()
             if value is not None and computed.get(key) is not None and value != computed[key]
             and not any(t in result.uncertain or t in result.missing for t in template.totals[key].terms)]
    if wrong:
        shown = "、".join(f"{template.cell_label(k)} 原文 {result.report.carried[k]}、分项合计 {computed[k]}"
                         for k in wrong[:3])
        more = f" 等 {len(wrong)} 处" if len(wrong) > 3 else ""
        result.notes.append(f"原文的合计与分项之和不一致：{shown}{more}；已按原文保留，校验时会列为错误")
