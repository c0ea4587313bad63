"""The official report editions as data: sections, narrative fields, tables, totals and rules.

A template file (``resources/templates/<edition>.json``) is the single source of the form.
This module parses it into frozen dataclasses and refuses a broken file with a clear message.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from itertools import pairwise
from pathlib import Path
from typing import Any, Generic, TypeVar, cast

from core.form_parts import Cell, HeaderNode, TableSpec, TextField, Total, ValueKind
from core.resources import resource_path
from core.rule_params import NO_PARAMS, RULE_PARAMS, Form, ParamError, RuleParams, parse_params

SEVERITIES = ("error", "warning", "info")
SEVERITY_LABELS = {"error": "错误", "warning": "需核实", "info": "提示"}

KNOWN_RULE_KINDS = frozenset(RULE_PARAMS)

AGENCY_KINDS = {
    "department": "县级以上人民政府部门",
    "township": "乡镇人民政府",
    "government": "县级以上地方人民政府",
    "other": "其他",
}
DEFAULT_AGENCY_KIND = "department"  # a report that does not say otherwise

# The 基本信息 fields of a report (``report.meta``) and their Chinese names.
META_FIELDS: dict[str, str] = {
    "agency": "机关名称",
    "agency_kind": "机关类型",
    "contact": "联系人及电话",
    "filler": "填报人",
    "reviewer": "审核人",
    "leader": "负责人",
    "fill_date": "填报日期",
    "publish_date": "公开日期",
}


class TemplateError(ValueError):
    """A template file that cannot be used; the message says where and why."""


@dataclass(frozen=True)
class Section:
    """One of the six parts of the report."""

    id: str
    number: str
    heading: str
    guidance: str
    items: tuple[TableSpec | TextField, ...]
    short: str  # a tab-sized name, e.g. ``主动公开``

    @property
    def title(self) -> str:
        """The heading as printed, e.g. ``一、总体情况``."""
        return f"{self.number}、{self.heading}"

    @property
    def short_title(self) -> str:
        """The short name with its number, e.g. ``二、主动公开``."""
        return f"{self.number}、{self.short}"

    @property
    def tables(self) -> list[TableSpec]:
        """The tables of this section."""
        return [i for i in self.items if isinstance(i, TableSpec)]

    @property
    def texts(self) -> list[TextField]:
        """The narrative fields of this section."""
        return [i for i in self.items if isinstance(i, TextField)]


P = TypeVar("P", bound=RuleParams)


@dataclass(frozen=True)
class Rule(Generic[P]):
    """A check: which kind of test, on which cells or fields, how severe, what to say, and its parameters."""

    id: str
    kind: str
    severity: str
    message: str
    source: str
    title: str = ""
    cells: tuple[str, ...] = ()
    fields: tuple[str, ...] = ()
    params: P = field(default=cast(Any, NO_PARAMS), hash=False, compare=False)


@dataclass(frozen=True)
class Template:
    """A whole edition of the report format."""

    edition: str
    name: str
    document_number: str
    first_year: int
    last_year: int | None
    value_kinds: dict[str, ValueKind] = field(hash=False, compare=False)
    sections: tuple[Section, ...]
    rules: tuple[Rule, ...]
    cells: dict[str, Cell] = field(hash=False, compare=False)
    tables: dict[str, TableSpec] = field(hash=False, compare=False)
    texts: dict[str, TextField] = field(hash=False, compare=False)
    totals: dict[str, Total] = field(hash=False, compare=False)
    preface: TextField | None = None  # the 前言 printed before 一 (its key is in ``texts`` too)

    def input_keys(self) -> list[str]:
        """Keys of the cells the officer types, in template order."""
        return [k for k, c in self.cells.items() if not c.computed]

    def section_of(self, key: str) -> Section:
        """The section that holds a cell or text key (or a table id)."""
        table = key.split(".", 1)[0]
        for section in self.sections:
            for item in section.items:
                if (isinstance(item, TableSpec) and item.id == table) or (
                    isinstance(item, TextField) and item.key == key
                ):
                    return section
        raise KeyError(key)

    def cell_label(self, key: str) -> str:
        """A readable Chinese name of a cell, e.g. ``（七）总计（自然人）``."""
        cell = self.cells[key]
        row = cell.row_path[-1] if cell.row_path and cell.row_path[-1] else self.tables[cell.table].title
        return f"{row}（{'/'.join(cell.column_path)}）"


_TOP_KEYS = {"format", "format_version", "edition", "name", "document_number", "first_year",
             "last_year", "value_kinds", "preface", "sections", "rules"}
_SECTION_KEYS = {"id", "number", "heading", "short", "guidance", "items"}
_TABLE_KEYS = {"type", "id", "title", "corner", "column_caption", "value", "columns", "rows", "totals"}
_TEXT_KEYS = {"type", "key", "guidance", "placeholder", "max_chars"}
_PREFACE_KEYS = _TEXT_KEYS | {"label", "default", "aggregate_default"}
_NODE_KEYS = {"id", "label", "children", "value"}
_RULE_KEYS = {"id", "kind", "severity", "title", "message", "source", "cells", "fields", "params"}
_KIND_KEYS = {"type", "label", "min", "decimals", "unit"}


def _check_keys(obj: Any, allowed: set[str], required: set[str], where: str) -> dict[str, Any]:
    if not isinstance(obj, dict):
        raise TemplateError(f"{where}：应为对象")
    unknown = set(obj) - allowed
    if unknown:
        raise TemplateError(f"{where}：未知字段 {', '.join(sorted(unknown))}")
    missing = required - set(obj)
    if missing:
        raise TemplateError(f"{where}：缺少字段 {', '.join(sorted(missing))}")
    return obj


def _node(obj: Any, where: str) -> HeaderNode:
    _check_keys(obj, _NODE_KEYS, {"id", "label"}, where)
    children = tuple(_node(c, f"{where}/{c.get('id', '?')}") for c in obj.get("children", []))
    return HeaderNode(obj["id"], obj["label"], children, obj.get("value"))


def _paths(nodes: tuple[HeaderNode, ...]) -> dict[str, tuple[str, ...]]:
    """Map each leaf id to its label path from the top."""
    out: dict[str, tuple[str, ...]] = {}

    def walk(node: HeaderNode, prefix: tuple[str, ...]) -> None:
        path = (*prefix, node.label)
        if node.is_leaf:
            if node.id in out:
                raise TemplateError(f"表头标识重复：{node.id}")
            out[node.id] = path
        for child in node.children:
            walk(child, path)

    for n in nodes:
        walk(n, ())
    return out


def _expand_totals(table_id: str, raw: list[Any], rows: list[str], cols: list[str]) -> list[Total]:
    totals: list[Total] = []
    for spec in raw:
        where = f"表 {table_id} 的合计规则"
        _check_keys(spec, {"rule", "target_column", "columns", "target_row", "rows"}, {"rule"}, where)
        if "target_column" in spec:
            tc, terms = spec["target_column"], spec["columns"]
            for name in (tc, *terms):
                if name not in cols:
                    raise TemplateError(f"{where}：列 {name} 不存在")
            totals += [Total(spec["rule"], f"{table_id}.{r}.{tc}", tuple(f"{table_id}.{r}.{c}" for c in terms))
                       for r in rows]
        elif "target_row" in spec:
            tr, terms = spec["target_row"], spec["rows"]
            for name in (tr, *terms):
                if name not in rows:
                    raise TemplateError(f"{where}：行 {name} 不存在")
            totals += [Total(spec["rule"], f"{table_id}.{tr}.{c}", tuple(f"{table_id}.{r}.{c}" for r in terms))
                       for c in cols]
        else:
            raise TemplateError(f"{where}：需要 target_column 或 target_row")
    return totals


def _table(obj: dict[str, Any], section: str, kinds: dict[str, ValueKind]) -> TableSpec:
    where = f"表 {obj.get('id', '?')}"
    _check_keys(obj, _TABLE_KEYS, {"id", "title", "value", "columns", "rows"}, where)
    tid = obj["id"]
    if "." in tid:
        raise TemplateError(f"{where}：标识不能含“.”")
    columns = tuple(_node(c, f"{where} 列") for c in obj["columns"])
    rows = tuple(_node(r, f"{where} 行") for r in obj["rows"])
    col_paths, row_paths = _paths(columns), _paths(rows)
    col_kind = {leaf.id: leaf.value or obj["value"] for n in columns for leaf in n.leaves()}
    totals: dict[str, Total] = {}
    for t in _expand_totals(tid, obj.get("totals", []), list(row_paths), list(col_paths)):
        totals.setdefault(t.target, t)  # a cell closed by two sums keeps the first; both agree
    cells = []
    for r, rpath in row_paths.items():
        for c, cpath in col_paths.items():
            kind = col_kind[c]
            if kind not in kinds:
                raise TemplateError(f"{where}：未定义的取值类型 {kind}")
            key = f"{tid}.{r}.{c}"
            cells.append(Cell(key, tid, r, c, rpath, cpath, kinds[kind], key in totals))
    return TableSpec(tid, obj["title"], section, columns, rows, obj.get("corner", ""),
                     obj.get("column_caption", ""), tuple(cells), tuple(totals.values()))


def _rule(obj: Any, form: Form) -> Rule:
    where = f"规则 {obj.get('id', '?') if isinstance(obj, dict) else '?'}"
    _check_keys(obj, _RULE_KEYS, {"id", "kind", "severity", "message", "source"}, where)
    if obj["severity"] not in SEVERITIES:
        raise TemplateError(f"{where}：严重程度 {obj['severity']} 无效")
    if obj["kind"] not in RULE_PARAMS:
        raise TemplateError(f"{where}：未知的规则类型 {obj['kind']}")
    for ref in obj.get("cells", []):
        if ref not in form.cells and ref not in form.tables:
            raise TemplateError(f"{where}：引用的单元格或表 {ref} 不存在")
    for ref in obj.get("fields", []):
        if ref not in form.texts:
            raise TemplateError(f"{where}：引用的文字栏目 {ref} 不存在")
    fields = tuple(obj.get("fields", []))
    try:
        params = parse_params(obj["kind"], obj.get("params", {}), form, fields)
    except ParamError as exc:
        raise TemplateError(f"{where}：{exc}") from None
    return Rule(obj["id"], obj["kind"], obj["severity"], obj["message"], obj["source"], obj.get("title", ""),
                tuple(obj.get("cells", [])), fields, params)


def parse_template(data: Any, where: str = "模板") -> Template:
    """Build a Template from parsed JSON, refusing anything malformed with a Chinese message."""
    try:
        return _parse(data)
    except TemplateError as exc:
        raise TemplateError(f"{where}：{exc}") from None
    except (KeyError, TypeError, AttributeError) as exc:
        raise TemplateError(f"{where}：结构错误（{exc!r}）") from None


def _parse(data: Any) -> Template:
    _check_keys(data, _TOP_KEYS, _TOP_KEYS - {"rules", "preface"}, "顶层")
    if data["format"] != "nianbao-template" or data["format_version"] != 1:
        raise TemplateError("不是 nianbao 模板文件（format/format_version 不符）")
    first, last = data["first_year"], data["last_year"]
    if type(first) is not int or not (last is None or (type(last) is int and last >= first)):
        raise TemplateError("first_year 应为年份，last_year 应为不早于它的年份或 null")
    kinds = {k: ValueKind(k, **_check_keys(v, _KIND_KEYS, {"type", "label"}, f"取值类型 {k}"))
             for k, v in data["value_kinds"].items()}
    sections, cells, tables, texts, totals = [], {}, {}, {}, {}
    preface = _preface(data["preface"]) if "preface" in data else None
    if preface is not None:
        texts[preface.key] = preface
    for s in data["sections"]:
        _check_keys(s, _SECTION_KEYS, {"id", "number", "heading", "short", "items"}, f"部分 {s.get('id', '?')}")
        short = s["short"]
        if not isinstance(short, str) or not short.strip():
            raise TemplateError(f"部分 {s['id']}：short 应为非空文字")
        items: list[TableSpec | TextField] = []
        for it in s["items"]:
            if it.get("type") == "table":
                t = _table(it, s["id"], kinds)
                if t.id in tables:
                    raise TemplateError(f"表标识重复：{t.id}")
                tables[t.id] = t
                for c in t.cells:
                    if c.key in cells:
                        raise TemplateError(f"单元格标识重复：{c.key}")
                    cells[c.key] = c
                totals.update({tot.target: tot for tot in t.totals})
                items.append(t)
            elif it.get("type") == "text":
                _check_keys(it, _TEXT_KEYS, {"type", "key", "guidance", "placeholder"},
                            f"文字栏目 {it.get('key', '?')}")
                tf = TextField(it["key"], s["id"], it["guidance"], it["placeholder"], it.get("max_chars"))
                if tf.key in texts or tf.key in tables:
                    raise TemplateError(f"文字栏目标识重复：{tf.key}")
                texts[tf.key] = tf
                items.append(tf)
            else:
                raise TemplateError(f"部分 {s['id']}：未知的条目类型 {it.get('type')!r}")
        sections.append(Section(s["id"], s["number"], s["heading"], s.get("guidance", ""), tuple(items),
                                short.strip()))
    for tot in totals.values():
        for term in tot.terms:
            if term not in cells:
                raise TemplateError(f"合计 {tot.target} 引用了不存在的单元格 {term}")
    form = Form(tables, cells, texts, kinds, META_FIELDS, AGENCY_KINDS)
    rules = [_rule(r, form) for r in data.get("rules", [])]
    ids = [r.id for r in rules]
    dup = {i for i in ids if ids.count(i) > 1}
    if dup:
        raise TemplateError(f"规则标识重复：{', '.join(sorted(dup))}")
    carried = {r.id for r in rules if r.kind == "carried_total"}
    for tot in totals.values():
        if tot.rule not in carried:
            raise TemplateError(f"合计 {tot.target} 的规则 {tot.rule} 不是 carried_total 类规则")
    return Template(str(data["edition"]), data["name"], data["document_number"], data["first_year"],
                    data["last_year"], kinds, tuple(sections), tuple(rules), cells, tables, texts, totals, preface)


def _preface(obj: Any) -> TextField:
    """The 前言: a text field outside the numbered sections, with its label and default sentences."""
    where = f"前言 {obj.get('key', '?') if isinstance(obj, dict) else ''}".strip()
    _check_keys(obj, _PREFACE_KEYS, {"type", "key", "label", "guidance", "placeholder"}, where)
    default, aggregate = obj.get("default", []), obj.get("aggregate_default", [])
    if obj["type"] != "text" or not all(isinstance(d, list) and all(isinstance(x, str) for x in d)
                                        for d in (default, aggregate)):
        raise TemplateError(f"{where}：type 应为 text，default 和 aggregate_default 应为文字列表")
    return TextField(obj["key"], "", obj["guidance"], obj["placeholder"], obj.get("max_chars"),
                     obj["label"], tuple(default), tuple(aggregate))


def load_template_file(path: Path) -> Template:
    """Read and check a template file."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise TemplateError(f"模板文件 {path.name} 无法读取：{exc}") from None
    return parse_template(data, f"模板文件 {path.name}")


@cache
def _shipped() -> dict[str, Template]:
    """Every template file in ``resources/templates``, by edition, newest first."""
    found: dict[str, Template] = {}
    for path in sorted(resource_path("templates").glob("*.json")):
        template = load_template_file(path)
        if template.edition != path.stem:
            raise TemplateError(f"模板文件 {path.name}：edition 应为 {path.stem}，当前为 {template.edition}")
        found[template.edition] = template
    if not found:
        raise TemplateError("找不到任何模板文件（resources/templates/*.json），安装可能不完整")
    newest = sorted(found.values(), key=lambda t: t.first_year, reverse=True)
    for later, earlier in pairwise(newest):
        if earlier.last_year is None or earlier.last_year >= later.first_year:
            raise TemplateError(f"{earlier.edition} 版与 {later.edition} 版适用的年度重叠")
    return {t.edition: t for t in newest}


def editions() -> tuple[str, ...]:
    """The shipped editions, newest first (``2021``, ``2019``)."""
    return tuple(_shipped())


def load_template(edition: str) -> Template:
    """The shipped template of an edition."""
    shipped = _shipped()
    if edition not in shipped:
        raise TemplateError(f"没有 {edition} 版格式；可选：{'、'.join(shipped)}")
    return shipped[edition]


def earliest_year() -> int:
    """The first report year any shipped edition applies to."""
    return min(t.first_year for t in _shipped().values())


def edition_for_year(year: int) -> str:
    """The edition whose years (``first_year``–``last_year`` of its file) hold a report year."""
    for edition, template in _shipped().items():
        if template.first_year <= year and (template.last_year is None or year <= template.last_year):
            return edition
    first = earliest_year()
    if year < first:
        raise ValueError(f"{year} 年早于统一格式（{first} 年起施行），无法填报")
    raise ValueError(f"{year} 年没有适用的格式")
