"""Each rule kind's parameters as a frozen dataclass, read and checked when the template loads.

``RULE_PARAMS`` maps a rule kind to its parameter class; it is the one list of rule kinds. A rule's
``params`` object of the template file is built into that class: an unknown or missing parameter,
a value of the wrong type or an id that names nothing in the template is a ``ParamError``.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import MISSING, dataclass, field, fields, is_dataclass
from decimal import Decimal
from functools import cache
from typing import TYPE_CHECKING, Any, get_args, get_origin, get_type_hints

if TYPE_CHECKING:
    from core.form_parts import Cell, TableSpec, TextField, ValueKind

# The number inside an N1 claim pattern (``{NUM}``); Arabic digits followed by 万 ("3万件") are
# rounded figures: not matched, so never compared.
NUM = r"\d{1,3}(?:,\d{3})+|\d+|[零〇一二两三四五六七八九十百千万]+"


class ParamError(ValueError):
    """A rule parameter that cannot be used; the message names the parameter."""


@dataclass(frozen=True)
class Form:
    """The ids a rule's parameters may name: the template's tables, cells, texts and value kinds."""

    tables: Mapping[str, TableSpec]
    cells: Mapping[str, Cell]
    texts: Mapping[str, TextField]
    value_kinds: Mapping[str, ValueKind]
    meta_fields: Collection[str]
    agency_kinds: Collection[str]

    def table(self, table: str, name: str) -> TableSpec:
        """The table ``table`` named by parameter ``name``."""
        if table not in self.tables:
            raise ParamError(f"参数 {name} 引用的表 {table} 不存在")
        return self.tables[table]

    def rows(self, table: str, rows: Collection[str], name: str) -> None:
        """Refuse a row id of parameter ``name`` that table ``table`` does not have."""
        known = {leaf.id for leaf in self.table(table, "table").row_leaves()}
        for row in rows:
            if row not in known:
                raise ParamError(f"参数 {name} 引用的行 {table}.{row} 不存在")

    def columns(self, table: str, columns: Collection[str], name: str) -> None:
        """Refuse a column id of parameter ``name`` that table ``table`` does not have."""
        known = {leaf.id for leaf in self.table(table, "table").column_leaves()}
        for column in columns:
            if column not in known:
                raise ParamError(f"参数 {name} 引用的列 {table} 的 {column} 不存在")

    def cell_keys(self, keys: Collection[str], name: str) -> None:
        """Refuse a cell key of parameter ``name`` that the template does not have."""
        for key in keys:
            if key not in self.cells:
                raise ParamError(f"参数 {name} 引用的单元格 {key} 不存在")


@dataclass(frozen=True)
class RuleParams:
    """The base of every kind's parameters (an instance of it alone: a rule made in code, never run)."""

    def check(self, form: Form, rule_fields: tuple[str, ...]) -> None:
        """Refuse ids that name nothing in the template (``rule_fields``: the rule's text fields)."""


NO_PARAMS = RuleParams()


@dataclass(frozen=True)
class ValueParams(RuleParams):
    """V1–V3: the value kinds whose cells are checked."""

    value_kinds: tuple[str, ...]

    def check(self, form: Form, rule_fields: tuple[str, ...]) -> None:
        """Every value kind is defined."""
        for kind in self.value_kinds:
            if kind not in form.value_kinds:
                raise ParamError(f"参数 value_kinds 引用的取值类型 {kind} 不存在")


@dataclass(frozen=True)
class BlankParams(RuleParams):
    """V4: no parameters (every table's blank input cells)."""


@dataclass(frozen=True)
class MagnitudeParams(RuleParams):
    """V5: an amount at or above ``threshold`` looks typed in the wrong unit."""

    threshold: Decimal


@dataclass(frozen=True)
class DecimalsParams(RuleParams):
    """V6: an amount with more than ``max_decimals`` decimals looks typed in the wrong unit."""

    max_decimals: int


@dataclass(frozen=True)
class BalanceParams(RuleParams):
    """R3.1: per column of ``table``, the sum of the ``left`` rows equals the sum of the ``right`` rows."""

    table: str
    left: tuple[str, str]
    right: tuple[str, str]

    def check(self, form: Form, rule_fields: tuple[str, ...]) -> None:
        """The table and its rows exist."""
        form.rows(self.table, self.left, "left")
        form.rows(self.table, self.right, "right")


@dataclass(frozen=True)
class CarriedTotalParams(RuleParams):
    """R3.2/R3.3/R4.1: the wordings for a blank side and for unusable terms."""

    message_blank: str
    message_items_blank: str
    message_unusable: str


@dataclass(frozen=True)
class CarryParams(RuleParams):
    """X1: ``row`` of ``table`` takes last year's ``from_row``, column by column."""

    table: str
    row: str
    from_row: str

    def check(self, form: Form, rule_fields: tuple[str, ...]) -> None:
        """The table and both rows exist."""
        form.rows(self.table, (self.row,), "row")
        form.rows(self.table, (self.from_row,), "from_row")

    def pairs(self, tables: Mapping[str, TableSpec]) -> list[tuple[str, str]]:
        """(this year's key, last year's key) for every column of the table."""
        table = tables[self.table]
        return [(table.key(self.row, c.id), table.key(self.from_row, c.id)) for c in table.column_leaves()]


@dataclass(frozen=True)
class StockParams(RuleParams):
    """X2: per row, ``stock`` = last year's ``stock`` + ``added`` − ``removed`` (column ids)."""

    table: str
    rows: tuple[str, ...]
    stock: str
    added: str
    removed: str

    def check(self, form: Form, rule_fields: tuple[str, ...]) -> None:
        """The table, its rows and the three columns exist."""
        form.rows(self.table, self.rows, "rows")
        for name, column in (("stock", self.stock), ("added", self.added), ("removed", self.removed)):
            form.columns(self.table, (column,), name)


@dataclass(frozen=True)
class ItemStockParams(RuleParams):
    """X3: per ``table.row``, ``stock`` = last year's ``stock`` + last year's ``change`` (column ids)."""

    rows: tuple[str, ...]
    stock: str
    change: str

    def check(self, form: Form, rule_fields: tuple[str, ...]) -> None:
        """Every row has both columns."""
        for row in self.rows:
            form.cell_keys((f"{row}.{self.stock}", f"{row}.{self.change}"), "rows")


@dataclass(frozen=True)
class JumpParams(RuleParams):
    """X4: ×``factor`` or ÷``factor`` (the larger at least ``min_larger``), or down to 0 from ``zero_from``."""

    factor: Decimal
    zero_from: Decimal
    min_larger: Decimal


@dataclass(frozen=True)
class IdenticalParams(RuleParams):
    """X5: no parameters (every cell the two reports share)."""


@dataclass(frozen=True)
class TextReuseParams(RuleParams):
    """X6: more than ``share`` of the sentences (of at least ``min_sentence_chars``) copied."""

    share: float
    min_sentence_chars: int


@dataclass(frozen=True)
class ClaimParams:
    """One N1 claim: its patterns (with ``{NUM}``), the words that rule a match out, and its cells."""

    id: str
    claim: str
    label: str
    patterns: tuple[str, ...]
    cells: tuple[str, ...]
    zero_patterns: tuple[str, ...] = ()
    skip_words: tuple[str, ...] = ()
    clause_words: tuple[str, ...] = ()
    sentence_words: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    alt_cells: tuple[str, ...] = ()
    alt_label: str = ""
    kind: str = "count"  # or "rate": a percentage that needs applications


@dataclass(frozen=True)
class NarrativeParams(RuleParams):
    """N1: the claims and the wording for a rate without applications."""

    claims: tuple[ClaimParams, ...]
    rate_message: str

    def check(self, form: Form, rule_fields: tuple[str, ...]) -> None:
        """Claim ids are unique, their cells exist, their patterns compile."""
        seen: set[str] = set()
        for claim in self.claims:
            name = f"claims[{claim.id}]"
            if claim.id in seen:
                raise ParamError(f"参数 claims 中的标识 {claim.id} 重复")
            seen.add(claim.id)
            form.cell_keys((*claim.cells, *claim.alt_cells), name)
            if claim.kind not in ("count", "rate"):
                raise ParamError(f"参数 {name}.kind 应为 count 或 rate，当前为 {claim.kind}")
            if claim.alt_cells and not claim.alt_label:
                raise ParamError(f"参数 {name} 有 alt_cells 时须有 alt_label")
            for pattern in (*claim.patterns, *claim.zero_patterns):
                _compiles(pattern.replace("{NUM}", NUM), f"{name}.patterns")


@dataclass(frozen=True)
class RequiredParams(RuleParams):
    """T1: the 基本信息 fields that must be filled in, and the wording for an empty one."""

    meta_fields: tuple[str, ...]
    message_meta: str

    def check(self, form: Form, rule_fields: tuple[str, ...]) -> None:
        """Every meta field exists."""
        for name in self.meta_fields:
            if name not in form.meta_fields:
                raise ParamError(f"参数 meta_fields 引用的基本信息栏目 {name} 不存在")


@dataclass(frozen=True)
class PlaceholderParams(RuleParams):
    """T2: regexes of placeholder text, and regexes of text that only looks like one (李××)."""

    patterns: tuple[str, ...]
    exempt: tuple[str, ...]

    def check(self, form: Form, rule_fields: tuple[str, ...]) -> None:
        """Every regex compiles."""
        for name, patterns in (("patterns", self.patterns), ("exempt", self.exempt)):
            for pattern in patterns:
                _compiles(pattern, name)


@dataclass(frozen=True)
class MaxCharsParams(RuleParams):
    """T3: each field's own ``max_chars``."""

    def check(self, form: Form, rule_fields: tuple[str, ...]) -> None:
        """Every field of the rule has a limit."""
        for key in rule_fields:
            if not form.texts[key].max_chars:
                raise ParamError(f"文字栏目 {key} 没有 max_chars，无法检查字数")


@dataclass(frozen=True)
class MentionsParams(RuleParams):
    """T4/T7/T8: a text names each group of words; only for ``agency_kinds`` when given."""

    groups: tuple[tuple[str, ...], ...]
    agency_kinds: tuple[str, ...] = ()  # empty: every kind of agency

    def check(self, form: Form, rule_fields: tuple[str, ...]) -> None:
        """Groups are not empty; agency kinds exist."""
        if not self.groups or not all(self.groups):
            raise ParamError("参数 groups 不能为空，也不能有空组")
        for kind in self.agency_kinds:
            if kind not in form.agency_kinds:
                raise ParamError(f"参数 agency_kinds 中的机关类型 {kind} 不存在")


@dataclass(frozen=True)
class SubstantiveParams(RuleParams):
    """T5: at least ``min_chars``, a word naming a problem and one naming an improvement."""

    min_chars: int
    problem_words: tuple[str, ...]
    improve_words: tuple[str, ...]


@dataclass(frozen=True)
class YearsParams(RuleParams):
    """T6: the wordings for a date outside the report year and a date that is no date."""

    message_meta: str
    message_date: str


@dataclass(frozen=True)
class DeadlineParams(RuleParams):
    """D1: (month, day) of the next year by agency kind, notes by kind, and the wordings."""

    message_countdown: str
    message_overdue: str
    message_ontime: str
    message_past: str
    recent_days: int
    deadlines: dict[str, tuple[int, int]] = field(hash=False)
    notes: dict[str, str] = field(hash=False)

    def check(self, form: Form, rule_fields: tuple[str, ...]) -> None:
        """Every agency kind has a real date; notes name known kinds."""
        for kind in form.agency_kinds:
            if kind not in self.deadlines:
                raise ParamError(f"参数 deadlines 缺少机关类型 {kind}")
        for name, kinds in (("deadlines", self.deadlines), ("notes", self.notes)):
            for kind in kinds:
                if kind not in form.agency_kinds:
                    raise ParamError(f"参数 {name} 中的机关类型 {kind} 不存在")
        for kind, (month, day) in self.deadlines.items():
            if not (1 <= month <= 12 and 1 <= day <= 31):
                raise ParamError(f"参数 deadlines 中 {kind} 的日期 {month}月{day}日无效")


# Rule kind -> its parameters: the one list of rule kinds.
RULE_PARAMS: dict[str, type[RuleParams]] = {
    "value": ValueParams,
    "blank": BlankParams,
    "magnitude": MagnitudeParams,
    "decimals": DecimalsParams,
    "balance": BalanceParams,
    "carried_total": CarriedTotalParams,
    "carry": CarryParams,
    "stock": StockParams,
    "item_stock": ItemStockParams,
    "jump": JumpParams,
    "identical": IdenticalParams,
    "text_reuse": TextReuseParams,
    "narrative": NarrativeParams,
    "required": RequiredParams,
    "placeholder": PlaceholderParams,
    "max_chars": MaxCharsParams,
    "mentions": MentionsParams,
    "substantive": SubstantiveParams,
    "years": YearsParams,
    "deadline": DeadlineParams,
}


def parse_params(kind: str, raw: Any, form: Form, rule_fields: tuple[str, ...]) -> RuleParams:
    """The parameters of a rule of ``kind``, built from the template's ``params`` object and checked."""
    params = _build(RULE_PARAMS[kind], raw, "")
    params.check(form, rule_fields)
    return params


def _compiles(pattern: str, name: str) -> None:
    try:
        re.compile(pattern)
    except re.error as exc:
        raise ParamError(f"参数 {name} 中的正则表达式 {pattern!r} 无效（{exc}）") from None


@cache
def _hints(cls: type) -> dict[str, Any]:
    return get_type_hints(cls)


def _build(cls: type, raw: Any, path: str) -> Any:
    """An instance of dataclass ``cls`` from a JSON object, every field converted to its declared type."""
    if not isinstance(raw, dict):
        raise ParamError(f"参数 {path.rstrip('.') or 'params'} 应为对象")
    declared = {f.name: f for f in fields(cls)}
    unknown = sorted(set(raw) - set(declared))
    if unknown:
        raise ParamError(f"未知参数 {path}{unknown[0]}")
    for name, spec in declared.items():
        if name not in raw and spec.default is MISSING and spec.default_factory is MISSING:
            raise ParamError(f"缺少参数 {path}{name}")
    hints = _hints(cls)
    return cls(**{name: _convert(value, hints[name], f"{path}{name}") for name, value in raw.items()})


def _convert(value: Any, kind: Any, name: str) -> Any:
    """``value`` as type ``kind`` (str, int, float, Decimal, tuple, dict or a dataclass), or ParamError."""
    origin, args = get_origin(kind), get_args(kind)
    if origin is tuple:
        if not isinstance(value, list):
            raise ParamError(f"参数 {name} 应为列表")
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_convert(v, args[0], f"{name}[{i}]") for i, v in enumerate(value))
        if len(value) != len(args):
            raise ParamError(f"参数 {name} 应为 {len(args)} 项的列表，当前为 {len(value)} 项")
        return tuple(_convert(v, a, f"{name}[{i}]") for i, (v, a) in enumerate(zip(value, args, strict=True)))
    if origin is dict:
        if not isinstance(value, dict):
            raise ParamError(f"参数 {name} 应为对象")
        return {k: _convert(v, args[1], f"{name}.{k}") for k, v in value.items()}
    if isinstance(kind, type) and is_dataclass(kind):
        return _build(kind, value, f"{name}.")
    return _scalar(value, kind, name)


def _scalar(value: Any, kind: Any, name: str) -> Any:
    number = isinstance(value, (int, float)) and not isinstance(value, bool)
    if kind is str and isinstance(value, str):
        return value
    if kind is int and number and isinstance(value, int):
        return value
    if kind is float and number:
        return float(value)
    if kind is Decimal and number:
        return Decimal(str(value))
    wanted = {str: "文字", int: "整数", float: "数字", Decimal: "数字"}[kind]
    raise ParamError(f"参数 {name} 应为{wanted}，当前为 {value!r}")
