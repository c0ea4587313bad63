"""Report files: the documented, versioned, human-readable JSON format (docs/report-file.md).

Reading is strict about structure (wrong JSON types, unknown keys, the other edition's cells: the whole
file is refused with a Chinese message naming the place) and lenient about values: a value that fails
``core.values.parse_value`` is kept in ``report.invalid`` so validation names it and nothing is lost.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from core.atomic import atomic_write, file_problem, os_reason
from core.final_status import ChangedAfterFinal
from core.read.read_limits import text_problem, version_problem, year_problem
from core.report import (
    META_FIELDS,
    SCOPE_LABELS,
    SCOPE_OWN,
    STATUS_DRAFT,
    STATUS_FINAL,
    Report,
    ReportFileError,
    Source,
    computed_values,
    content_hash,
    source_dict,
)
from core.template import AGENCY_KINDS, Template, editions, load_template
from core.values import Value, ValueRefused, format_value, parse_value
from core.wording import CHANGED_AFTER_FINAL

FORMAT = "nianbao-report"
FORMAT_VERSION = 2  # the newest this program reads and writes
_FIRST_VERSION = 1  # written for a 本级 report (it has no field version 2 added), so older programs still read it
_AGGREGATE_VERSION = 2  # added scope and sources (汇总 reports)
_TOP_KEYS = ("format", "format_version", "edition", "year", "agency", "agency_kind", "meta", "cells", "texts",
             "explanations", "status", "scope", "sources")
_REQUIRED = ("format", "format_version", "edition", "year", "agency")
_OTHER_META = tuple(k for k in META_FIELDS if k not in ("agency", "agency_kind"))


class _Bad(Exception):
    """A problem found while reading; the message is ``<place>：<reason>``."""


class _Changed(_Bad):
    """A 定稿 whose content no longer matches its hash; ``draft`` is the content read as a 草稿."""

    def __init__(self, message: str, draft: Report) -> None:
        super().__init__(message)
        self.draft = draft


# ---- reading ------------------------------------------------------------------------------------


def read_report_file(path: Path) -> Report:
    """Read a report file (UTF-8, with or without BOM).

    Raises:
        ReportFileError: the file cannot be read or is not a valid report file (Chinese, names the place).
    """
    path = Path(path)
    return report_from_data(_parse_json(_decode(_read_bytes(path), path.name), path.name), path.name)


# How an import writes a cell it could not read with certainty (core.importers.result): a text no cell accepts,
# so reading the file back keeps it as an invalid value the checks name with this reason, never a silent blank.
UNCERTAIN_RAW = "待核实（原文可能为 {candidates}）"
UNCERTAIN_REASON = "导入时无法唯一确定（原文可能为 {candidates}），已留空，请对照原文填写"
MAX_BYTES = 50 * 1024 * 1024  # a report file is a few hundred KB; anything near this is not one


def _read_bytes(path: Path) -> bytes:
    problem = file_problem(path)
    if problem is None:
        try:
            size = path.stat().st_size
            if size <= MAX_BYTES:
                return path.read_bytes()
            problem = f"文件过大（{size // (1024 * 1024)} MB），不是年报文件"
        except OSError as exc:
            problem = os_reason(exc)
    raise ReportFileError(f"无法读取“{path}”：{problem}")


def _decode(raw: bytes, where: str) -> str:
    if not raw.strip():
        raise ReportFileError(f"{where}：文件是空的，不是年报文件")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ReportFileError(f"{where}：是 UTF-16（Unicode）编码的文本，请用记事本“另存为”UTF-8 编码后再试")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        position = exc.start
    if any(byte < 0x20 and byte not in b"\t\n\r\f" for byte in raw[:4096]):
        raise ReportFileError(f"{where}：不是文本文件（可能是其他程序的文件或已损坏），不是年报文件")
    try:
        raw.decode("gb18030")  # Notepad's "ANSI" on Chinese Windows (GBK), and its superset GB 18030
    except UnicodeDecodeError:
        raise ReportFileError(f"{where}：不是有效的 UTF-8 文本（第 {position + 1} 字节），"
                              "请用 UTF-8 编码保存") from None
    raise ReportFileError(f"{where}：不是有效的 UTF-8 文本（可能是 GBK 编码），"
                          "请用记事本“另存为”UTF-8 编码后再试")


# json.decoder's messages, in Chinese (matched by their start).
_JSON_ZH = (
    ("Expecting value", "此处应为一个值"),
    ("Expecting property name enclosed in double quotes", "此处应为用英文双引号括起的字段名"),
    ("Expecting ':' delimiter", "此处缺少英文冒号（:）"),
    ("Expecting ',' delimiter", "此处缺少英文逗号（,）"),
    ("Extra data", "JSON 内容结束后还有多余的内容"),
    ("Unterminated string", "字符串缺少结尾的英文双引号"),
    ("Invalid control character", "字符串中有不允许的控制字符（如未转义的换行或制表符）"),
    ("Invalid \\uXXXX escape", "无效的 \\uXXXX 转义"),
    ("Invalid \\escape", "无效的转义（反斜杠 \\ 应写作 \\\\）"),
    ("Illegal trailing comma", "最后一项后面多了逗号"),
)
_FULL_WIDTH = "，：“”‘’｛｝［］"


def _json_reason(exc: json.JSONDecodeError) -> str:
    reason = next((zh for en, zh in _JSON_ZH if exc.msg.startswith(en)), "JSON 格式错误")
    if exc.pos < len(exc.doc) and exc.doc[exc.pos] in _FULL_WIDTH:
        reason += f"（“{exc.doc[exc.pos]}”是中文标点，应使用英文标点）"
    return reason


def _parse_json(text: str, where: str) -> Any:
    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in items:
            if key in out:
                raise _Bad(f"\"{key}\"：同一对象中出现了两次")
            out[key] = value
        return out

    def constant(name: str) -> Any:
        raise _Bad(f"{name} 不是有效的数字")

    try:
        return json.loads(text, parse_float=Decimal, object_pairs_hook=pairs, parse_constant=constant)
    except json.JSONDecodeError as exc:
        place = f"第 {exc.lineno} 行第 {exc.colno} 列"
        raise ReportFileError(f"{where}：{place}：JSON 格式错误：{_json_reason(exc)}") from None
    except _Bad as exc:
        raise ReportFileError(f"{where}：{exc}") from None
    except RecursionError:
        raise ReportFileError(f"{where}：JSON 嵌套层次过深，不是年报文件") from None
    except ValueError:  # an integer with thousands of digits
        raise ReportFileError(f"{where}：文件中有位数过多的数字，不是年报文件") from None


def report_from_data(data: Any, where: str = "年报文件") -> Report:
    """Build a Report from parsed report-file JSON; all or nothing.

    Raises:
        ReportFileError: the structure is wrong; the message starts with ``where`` and names the place.
        ChangedAfterFinal: (a ReportFileError) marked 定稿 but changed since; ``draft`` is the content as a 草稿.
    """
    try:
        return _build(data)
    except _Changed as exc:
        raise ChangedAfterFinal(f"{where}：{exc}", exc.draft) from None
    except _Bad as exc:
        raise ReportFileError(f"{where}：{exc}") from None


def _build(data: Any) -> Report:
    if not isinstance(data, dict):
        raise _Bad("文件内容应为 JSON 对象（{…}），不是年报文件")
    if data.get("format") != FORMAT:
        raise _Bad(f"缺少标记 \"format\": \"{FORMAT}\"，不是年报文件")
    version = data.get("format_version")
    if type(version) is not int or version < 1:
        raise _Bad("format_version：应为正整数")
    if version > FORMAT_VERSION:
        raise _Bad(f"format_version：文件格式第 {version} 版较新（本程序支持第 {FORMAT_VERSION} 版），请升级程序")
    unknown = [k for k in data if k not in _TOP_KEYS]
    if unknown:
        raise _Bad(f"\"{unknown[0]}\"：未知的字段（可用字段：{'、'.join(_TOP_KEYS)}）")
    newer = [k for k in ("scope", "sources") if k in data and version < _AGGREGATE_VERSION]
    if newer:
        raise _Bad(f"\"{newer[0]}\"：format_version 第 {version} 版没有这个字段（第 {_AGGREGATE_VERSION} 版起才有）")
    missing = [k for k in _REQUIRED if k not in data]
    if missing:
        raise _Bad(f"缺少字段 \"{missing[0]}\"")
    template = _template(data)
    report = Report(template.edition, data["year"])
    _read_meta(report, data)
    _read_cells(report, template, _object(data.get("cells", {}), "cells"))
    report.texts = _strings(data.get("texts", {}), "texts", set(template.texts), "不是本格式的文字栏目")
    report.explanations = _strings(data.get("explanations", {}), "explanations", None, "")
    _read_scope(report, template, data)
    _read_status(report, _object(data.get("status", {}), "status"))
    return report


_SOURCE_KEYS = ("agency", "file", "hash", "status", "cells")


def read_scope(report: Report, data: dict[str, Any], where: str) -> None:
    """Set the scope and sources of ``report`` from report-file data (``scope``, ``sources``), as a report
    file is read; a wrong record raises ReportFileError starting with ``where``."""
    try:
        _read_scope(report, report.template, data)
    except _Bad as exc:
        raise ReportFileError(f"{where}：{exc}") from None


def _read_scope(report: Report, template: Template, data: dict[str, Any]) -> None:
    """The scope (本级 or 汇总) and a 汇总 report's sources, each unit's cells read like the report's own."""
    scope = _string(data.get("scope", SCOPE_OWN), "scope")
    if scope not in SCOPE_LABELS:
        raise _Bad(f"scope：“{scope}”无效，可选 {'、'.join(SCOPE_LABELS)}")
    report.scope = scope
    raw = data.get("sources", [])
    if not isinstance(raw, list):
        raise _Bad(f"sources：应为数组（[…]），当前为{_json_type(raw)}")
    if raw and scope == SCOPE_OWN:
        raise _Bad("sources：只有汇总报告（scope 为 \"aggregate\"）才有汇总来源")
    for n, item in enumerate(raw, start=1):
        place = f"sources 第 {n} 项"
        item = _object(item, place)
        unknown = [k for k in item if k not in _SOURCE_KEYS]
        if unknown or any(k not in item for k in _SOURCE_KEYS[:4]):
            raise _Bad(f"{place}：应有且只有字段 {'、'.join(_SOURCE_KEYS)}")
        unit = Report(template.edition, report.year)
        _read_cells(unit, template, _object(item.get("cells", {}), f"{place}.cells"))
        if unit.invalid or unit.carried:
            raise _Bad(f"{place}.cells：只能是本格式可填写单元格的有效数值")
        agency, file, digest, status = (_string(item[k], f"{place}.{k}") for k in _SOURCE_KEYS[:4])
        report.sources.append(Source(agency, file, digest, status, unit.cells))


def _template(data: dict[str, Any]) -> Template:
    edition, year = data["edition"], data["year"]
    if edition not in editions():
        shown = json.dumps(edition, default=str, ensure_ascii=False)
        raise _Bad(f"edition：应为 {' 或 '.join(f'“{e}”' for e in editions())}（字符串），当前为 {shown}")
    if type(year) is not int:
        raise _Bad(f"year：应为整数年份，当前为 {json.dumps(year, default=str, ensure_ascii=False)}")
    template = load_template(edition)
    problem = year_problem(year, template)
    if problem is not None:
        raise _Bad(f"year：{problem}")
    return template


def _object(value: Any, place: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _Bad(f"{place}：应为对象（{{…}}），当前为{_json_type(value)}")
    return value


def _json_type(value: Any) -> str:
    names = {bool: "真假值", list: "数组", dict: "对象", str: "字符串", type(None): "null"}
    return names.get(type(value), "数字")


def _string(value: Any, place: str) -> str:
    if not isinstance(value, str):
        raise _Bad(f"{place}：应为字符串，当前为{_json_type(value)}")
    _check_text(value, place)
    return value


def _check_text(value: str, place: str) -> None:
    problem = text_problem(value)
    if problem is not None:
        raise _Bad(f"{place}：{problem}")


def _strings(value: Any, place: str, allowed: set[str] | None, unknown: str) -> dict[str, str]:
    out = {}
    for key, text in _object(value, place).items():
        _check_text(key, f"{place} 中的字段名")
        if allowed is not None and key not in allowed:
            raise _Bad(f"{place}.\"{key}\"：{unknown}（可用：{'、'.join(sorted(allowed))}）")
        if _string(text, f"{place}.\"{key}\""):
            out[key] = text
    return out


def _read_meta(report: Report, data: dict[str, Any]) -> None:
    report.meta["agency"] = _string(data["agency"], "agency")
    kind = _string(data.get("agency_kind", "department"), "agency_kind")
    if kind not in AGENCY_KINDS:
        raise _Bad(f"agency_kind：“{kind}”无效，可选 {'、'.join(AGENCY_KINDS)}")
    report.meta["agency_kind"] = kind
    meta = _strings(data.get("meta", {}), "meta", set(_OTHER_META), "未知的基本信息字段")
    report.meta.update(meta)


def _read_cells(report: Report, template: Template, cells: dict[str, Any]) -> None:
    for key, raw in cells.items():
        place = f"cells.\"{key}\""
        cell = template.cells.get(key)
        if cell is None:
            raise _Bad(f"{place}：{_unknown_cell(key, template.edition)}")
        if isinstance(raw, (bool, list, dict)):
            raise _Bad(f"{place}：应为数字、数字字符串或 null，当前为{_json_type(raw)}")
        if isinstance(raw, str):
            _check_text(raw, place)
        target = report.carried if cell.computed else report.cells
        if raw is None:
            if cell.computed:
                report.carried[key] = None
            continue
        try:
            value = parse_value(raw, cell.value_kind)
        except ValueRefused as exc:
            report.invalid[key] = (raw if isinstance(raw, str) else format_value(raw), _refused_reason(raw, exc))
            continue
        if value is not None or cell.computed:
            target[key] = value


def _refused_reason(raw: object, exc: ValueRefused) -> str:
    """Why a cell's text was refused; an import's uncertain mark (``UNCERTAIN_RAW``) keeps its own reason."""
    head, _, tail = UNCERTAIN_RAW.partition("{candidates}")
    if isinstance(raw, str) and raw.startswith(head) and raw.endswith(tail):
        return UNCERTAIN_REASON.format(candidates=raw[len(head):len(raw) - len(tail)])
    return str(exc)


def _unknown_cell(key: str, edition: str) -> str:
    for other in editions():
        if other != edition and key in load_template(other).cells:
            return f"是 {other} 版格式的单元格，不属于 {edition} 版格式"
    return f"不是 {edition} 版格式的单元格"


def _read_status(report: Report, status: dict[str, Any]) -> None:
    unknown = [k for k in status if k not in ("state", "version", "hash")]
    if unknown:
        raise _Bad(f"status.\"{unknown[0]}\"：未知的字段（可用：state、version、hash）")
    state = status.get("state", STATUS_DRAFT)
    if state not in (STATUS_DRAFT, STATUS_FINAL):
        raise _Bad(f"status.state：应为 \"{STATUS_DRAFT}\" 或 \"{STATUS_FINAL}\"")
    version = status.get("version", 1)
    if type(version) is not int or version < 1:
        raise _Bad("status.version：应为正整数")
    if version_problem(version) is not None:
        raise _Bad(f"status.version：{version_problem(version)}")
    stated = _string(status.get("hash", ""), "status.hash")
    report.version = version
    if state == STATUS_FINAL:
        actual = content_hash(report)
        if stated != actual:  # report: still a draft here
            raise _Changed(f"status：文件标为已定稿，但{CHANGED_AFTER_FINAL}；{_TO_DRAFT}", report)
        if report.invalid:
            raise _Bad(f"status：文件标为已定稿，但{_invalid_cells(report)}，已定稿的报告不能有无效取值；{_TO_DRAFT}")
        report.status, report.content_hash = STATUS_FINAL, actual


_TO_DRAFT = "如需修改，请把 state 改为 \"draft\""


def _invalid_cells(report: Report) -> str:
    """``有 2 个无效取值（t3.N.C2“十二”：不是数字…等）``: how many, and the first named."""
    key, (raw, reason) = next(iter(report.invalid.items()))
    more = "等" if len(report.invalid) > 1 else ""
    return f"有 {len(report.invalid)} 个无效取值（{key}“{raw}”：{reason}{more}）"


# ---- writing ------------------------------------------------------------------------------------


def report_to_data(report: Report, include_totals: bool = True) -> dict[str, Any]:
    """The report as report-file JSON data (amounts as exact decimal strings).

    Computed cells carry the total the report came with (``report.carried``) if it has one, so nothing
    read is lost, else the computed total; ``include_totals=False`` leaves out computed totals.
    """
    template = report.template
    values = computed_values(report, template) if include_totals else {}
    cells: dict[str, Any] = {}
    for key, cell in template.cells.items():
        if key in report.invalid:
            cells[key] = report.invalid[key][0]
        elif cell.computed and key in report.carried:
            cells[key] = _json_value(report.carried[key])
        elif cell.computed:
            if include_totals:
                cells[key] = _json_value(values.get(key))
        else:
            cells[key] = _json_value(report.cells.get(key))
    return {
        "format": FORMAT,
        "format_version": _AGGREGATE_VERSION if report.scope != SCOPE_OWN else _FIRST_VERSION,
        "edition": report.edition,
        "year": report.year,
        "agency": report.agency,
        "agency_kind": report.meta.get("agency_kind", "department"),
        "meta": {k: report.meta[k] for k in _OTHER_META if report.meta.get(k)},
        "cells": cells,
        # a section's text is always written; the 前言 only once the officer has written it (else its default)
        "texts": {k: report.texts.get(k, "") for k, f in template.texts.items() if f.section or report.texts.get(k)},
        "explanations": dict(sorted(report.explanations.items())),
        "status": {"state": report.status, "version": report.version,
                   "hash": report.content_hash if report.is_final else ""},
        # a 本级 report's file is as it always was; a 汇总 report names its scope and its sources
        **({"scope": report.scope, "sources": [source_dict(s) for s in report.sources]}
           if report.scope != SCOPE_OWN else {}),
    }


def _json_value(value: Value) -> int | str | None:
    if isinstance(value, Decimal):
        return format_value(value)
    return value


def report_to_json(report: Report) -> str:
    """The report file's text (UTF-8 JSON, indented, Chinese as is; a 汇总's sources one unit a line)."""
    data = report_to_data(report)
    sources = data.pop("sources", None)
    text = json.dumps(data, ensure_ascii=False, indent=2)
    if sources is not None:  # hundreds of units: a line each reads better, and the compact encoder is fast
        units = ",\n".join("    " + json.dumps(s, ensure_ascii=False) for s in sources)
        text = text[:-2] + ',\n  "sources": ' + (f"[\n{units}\n  ]" if sources else "[]") + "\n}"
    return text + "\n"


def write_report_file(report: Report, path: Path) -> None:
    """Write a report file atomically (never a half-written file).

    Raises:
        core.atomic.ExportError: the file could not be written (Chinese message).
    """
    data = report_to_json(report).encode("utf-8")
    atomic_write(Path(path), lambda stream: stream.write(data))
