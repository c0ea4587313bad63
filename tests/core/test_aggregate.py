"""The 汇总: units read and judged, conflicts, cell-by-cell sums, contributions, the board workbook."""

from __future__ import annotations

import io
import json
import random
from decimal import Decimal
from pathlib import Path

import pytest
from factories import unit_report as unit
from factories import write_unit_files as write_units
from openpyxl import load_workbook

from core.aggregate import AggregateRefused, Board, aggregate, contribution_lines, contributions, sum_cells
from core.aggregate_units import read_unit
from core.export.board_xlsx import STATUS_HEADERS, STATUS_SHEET, UNITS_SHEET, write_board_xlsx
from core.export.xlsx_layout import layout_sheet, table_sections
from core.final_status import ChangedAfterFinal
from core.finalise import finalised
from core.preface import preface_text
from core.read.report_file import read_report_file, write_report_file
from core.report import SCOPE_AGGREGATE, Report, ReportFileError, computed_values
from core.template import load_template
from core.wording import UNIT_CHANGED, UNIT_DRAFT, UNIT_FINAL, UNIT_UNREADABLE


def random_unit(rng: random.Random, name: str) -> Report:
    """A unit with random figures and random blanks (its checks may fail: the sum does not care)."""
    template = load_template("2021")
    report = Report.blank(2023, name)
    for key in template.input_keys():
        kind = template.cells[key].value_kind
        if rng.random() < 0.3:
            continue
        if kind.type == "decimal":
            report.cells[key] = Decimal(rng.randint(0, 10**6)) / Decimal(10**rng.randint(0, 4))
        else:
            report.cells[key] = rng.randint(-50 if kind.min is None else kind.min, 500)
    return report


def raw_cells(path: Path) -> dict[str, Decimal | None]:
    """A report file's cells parsed independently of the program (JSON numbers and decimal strings)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return {k: None if v in (None, "") else Decimal(str(v)) for k, v in data["cells"].items()}


def test_every_cell_is_the_sum_of_the_units_cells_totals_included(tmp_path: Path) -> None:
    rng = random.Random(16)
    paths = write_units(tmp_path / "units", [random_unit(rng, f"单位{n}") for n in range(7)])
    report = aggregate(Board.read([tmp_path / "units"], include_errors=True), "某县人民政府")
    write_report_file(report, tmp_path / "sum.json")
    got = raw_cells(tmp_path / "sum.json")
    units = [raw_cells(p) for p in paths]
    for key in load_template("2021").cells:  # inputs and the recomputed totals alike
        present = [u[key] for u in units if u[key] is not None]
        assert got[key] == (sum(present) if present else None), key
    assert report.carried == {} and report.texts == {}


def test_blank_in_every_unit_stays_blank_and_carry_rows_are_summed(tmp_path: Path) -> None:
    a, b = unit("甲局"), unit("乙局")
    for r in (a, b):
        r.cells.pop("t2_1.rules.repealed", None)
    a.cells.pop("t2_1.norms.repealed")
    b.cells["t2_1.norms.repealed"] = 4
    write_units(tmp_path / "u", [a, b])
    report = aggregate(Board.read([tmp_path / "u"]), "某县人民政府")
    assert "t2_1.rules.repealed" not in report.cells and report.value("t2_1.rules.repealed") is None
    assert report.cells["t2_1.norms.repealed"] == 4
    assert report.cells["t3.B.C1"] == a.cells["t3.B.C1"] + b.cells["t3.B.C1"]  # 上年结转
    assert report.cells["t3.F.C1"] == a.cells["t3.F.C1"] + b.cells["t3.F.C1"]  # 结转下年度
    amount = next(k for k in report.template.input_keys() if report.template.cells[k].value_kind.type == "decimal")
    assert report.cells[amount] == Decimal("2.50") and isinstance(report.cells[amount], Decimal)


def test_totals_are_recomputed_never_carried(tmp_path: Path) -> None:
    a = unit("甲局")
    a.carried["t3.N.C7"] = 999  # a total typed wrongly in the unit's file
    write_units(tmp_path / "u", [a, unit("乙局")])
    board = Board.read([tmp_path / "u"], include_errors=True)
    assert board.units[0].errors  # the carried total is the unit's error
    report = aggregate(board, "某县人民政府")
    values = computed_values(report, report.template)
    expected = sum(computed_values(r, r.template)["t3.N.C7"] for r in (a, unit("乙局")))
    assert values["t3.N.C7"] == expected and report.carried == {}


def test_units_with_errors_are_left_out_unless_included(tmp_path: Path) -> None:
    bad = unit("错误局", in_force=5)
    bad.cells["t3.N.C1"] = 1000  # table 三 no longer balances
    write_units(tmp_path / "u", [unit("甲局", 2), bad])
    board = Board.read([tmp_path / "u"])
    assert board.units[1].errors and not board.units[1].included()
    assert "未汇总" in board.units[1].reason()
    assert aggregate(board, "县").cells["t2_1.norms.in_force"] == 2
    board.include_errors = True
    assert aggregate(board, "县").cells["t2_1.norms.in_force"] == 7
    board.include_errors = False
    board.units[1].include = True  # the officer ticks that one unit
    assert aggregate(board, "县").cells["t2_1.norms.in_force"] == 7


@pytest.mark.parametrize("case", ["year", "duplicate", "unreadable"])
def test_conflicts_are_named_with_the_file(tmp_path: Path, case: str) -> None:
    reports = [unit("甲局"), unit("乙局"), unit("丙局")]
    if case == "year":
        reports[2] = unit("丙局", year=2022)
    elif case == "duplicate":
        reports[2] = unit("甲局", 9)
    paths = write_units(tmp_path / "u", reports)
    if case == "unreadable":
        paths[2].write_text("{not json", encoding="utf-8")
    board = Board.read([tmp_path / "u"])
    refusals = board.refusals()
    assert len(refusals) == 1 and paths[2].name in refusals[0]
    assert {"year": "2022 年度", "duplicate": "同一单位", "unreadable": "无法读取"}[case] in refusals[0]
    assert not board.units[2].included() and board.refusals(window=True) == []
    assert aggregate(board, "县").sources[-1].agency == "乙局"  # the window leaves it out


def test_other_edition_is_a_conflict(tmp_path: Path) -> None:
    old = Report.blank(2020, "旧格式局")
    write_units(tmp_path / "u", [unit("甲局"), unit("乙局"), old])
    board = Board.read([tmp_path / "u"], include_errors=True)  # a blank report has errors of its own
    assert "2020 年度" in board.refusals()[0]
    board.units[0].include = board.units[1].include = False  # only the 2019-edition unit left
    board.mark_conflicts()
    assert board.units[2].included(True) and board.year_and_edition() == (2020, "2019")


def test_leaving_out_one_of_two_files_of_an_agency_settles_the_conflict(tmp_path: Path) -> None:
    write_units(tmp_path / "u", [unit("甲局", 1), unit("甲局", 5)])
    board = Board.read([tmp_path / "u"])
    assert board.units[1].conflict and not board.units[1].included()
    board.units[0].include = False
    board.mark_conflicts()
    assert aggregate(board, "县").cells["t2_1.norms.in_force"] == 5


def test_status_draft_final_and_changed_after_finalising(tmp_path: Path) -> None:
    paths = write_units(tmp_path / "u", [unit("甲局"), finalised(unit("乙局")), finalised(unit("丙局", 3))])
    data = json.loads(paths[2].read_text(encoding="utf-8"))
    data["cells"]["t2_1.norms.in_force"] = 30  # changed after finalising, hash left as it was
    paths[2].write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    board = Board.read([tmp_path / "u"])
    assert [u.status for u in board.units] == [UNIT_DRAFT, UNIT_FINAL, UNIT_CHANGED]
    assert "定稿后被改动" in board.units[2].note and board.units[2].included()
    report = aggregate(board, "县")
    assert report.cells["t2_1.norms.in_force"] == 1 + 1 + 30
    assert [s.status for s in report.sources] == ["draft", "final", "changed"]


def test_a_damaged_file_is_unreadable_on_the_board(tmp_path: Path) -> None:
    folder = tmp_path / "u"
    write_units(folder, [unit("甲局")])
    (folder / "scan.pdf").write_bytes(b"%PDF-1.4 garbage")
    board = Board.read([folder])
    bad = next(u for u in board.units if u.path.name == "scan.pdf")
    assert bad.status == UNIT_UNREADABLE and bad.note and not bad.included()


def test_a_unit_that_sent_an_unreadable_format_shows_on_the_board(tmp_path: Path) -> None:
    """A folder is searched for the formats that cannot be read too: an old .doc is on the board with its reason,
    not silently missing."""
    folder = tmp_path / "u"
    write_units(folder, [unit("甲局")])
    (folder / "乙局.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)  # an OLE file
    (folder / "丙局.ofd").write_bytes(b"PK\x03\x04")
    (folder / "说明.png").write_bytes(b"\x89PNG\r\n\x1a\n")  # not a report format: not searched for
    board = Board.read([folder])
    shown = {u.path.name: u for u in board.units}
    assert {"乙局.doc", "丙局.ofd"} <= set(shown) and "说明.png" not in shown
    for name in ("乙局.doc", "丙局.ofd"):
        assert shown[name].status == UNIT_UNREADABLE and shown[name].note and not shown[name].included()


def scan_pdf(path: Path) -> Path:
    """A PDF holding only a picture, no text layer (a scanned report)."""
    from reportlab.pdfgen.canvas import Canvas

    canvas = Canvas(str(path))
    canvas.rect(100, 100, 300, 400, fill=1)
    canvas.save()
    return path


def test_an_unreadable_file_is_named_once_on_the_board(tmp_path: Path) -> None:
    """The board names the file in its own column: the reason never repeats it (text, workbook, window)."""
    from openpyxl import Workbook

    from core.export.board_xlsx import write_status_sheet

    folder = tmp_path / "u"
    write_units(folder, [unit("甲局")])
    scan_pdf(folder / "scan.pdf")
    board = Board.read([folder])
    bad = next(u for u in board.units if u.path.name == "scan.pdf")
    assert bad.status == UNIT_UNREADABLE and bad.reason().startswith("没有文字层（可能是扫描件或图片）")
    (refusal,) = board.refusals()
    assert refusal.count("scan.pdf") == 1 and "没有文字层" in refusal
    sheet = Workbook().active
    write_status_sheet(sheet, board)
    rows = [dict(zip(STATUS_HEADERS, row, strict=True)) for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert next(row["说明"] for row in rows if row["文件"] == "scan.pdf") == bad.reason()


@pytest.mark.parametrize("name", ["c.txt", "c.docx", "c"])
def test_a_report_file_under_another_name_changed_after_finalising_is_named_so(tmp_path: Path, name: str) -> None:
    """The content decides the reader: a report file saved as .txt keeps its 定稿后被改动 verdict and its draft."""
    path = tmp_path / name
    write_report_file(finalised(unit("乙局", 3)), path)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["cells"]["t2_1.norms.in_force"] = 30
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    changed = read_unit(path)
    assert changed.status == UNIT_CHANGED and changed.included() and "定稿后被改动" in changed.note
    assert changed.report is not None and changed.report.cells["t2_1.norms.in_force"] == 30


def test_a_published_report_under_any_name_keeps_its_uncertain_cells(tmp_path: Path) -> None:
    """A text copy named without an extension is imported like the .txt: its uncertain cells are on the board."""
    source = Path(__file__).parents[1] / "fixtures" / "import" / "pingtan_2023_flat.txt"
    (tmp_path / "平潭").write_bytes(source.read_bytes())
    named, bare = read_unit(source), read_unit(tmp_path / "平潭")
    assert named.uncertain and (bare.uncertain, bare.missing) == (named.uncertain, named.missing)


def test_imported_document_reports_uncertain_and_missing_cells(tmp_path: Path) -> None:
    source = Path(__file__).parents[1] / "fixtures" / "import" / "pingtan_2023_flat.txt"
    board = Board.read([source])
    (found,) = board.units
    assert found.readable and found.year == 2023 and found.agency
    assert isinstance(found.uncertain, list) and isinstance(found.missing, list)


def test_sources_record_agency_file_hash_status_and_preface_names_units(tmp_path: Path) -> None:
    import hashlib

    paths = write_units(tmp_path / "u", [unit("甲局"), unit("乙局")])
    report = aggregate(Board.read([tmp_path / "u"]), "某县人民政府")
    assert report.scope == SCOPE_AGGREGATE and report.meta["agency"] == "某县人民政府"
    assert [(s.agency, s.file, s.hash) for s in report.sources] == [
        (u, p.name, hashlib.sha256(p.read_bytes()).hexdigest()) for u, p in zip(("甲局", "乙局"), paths, strict=True)]
    text = preface_text(report)
    assert "由某县人民政府汇总甲局、乙局共2个单位" in text and "编制而成" in text


def test_contributions_of_an_input_and_of_a_total(tmp_path: Path) -> None:
    write_units(tmp_path / "u", [unit("甲局", 2), unit("乙局", 0), unit("丙局", 7)])
    report = aggregate(Board.read([tmp_path / "u"]), "县")
    assert contributions(report, "t2_1.norms.in_force") == [("甲局", 2), ("乙局", 0), ("丙局", 7)]
    one = computed_values(unit("甲局"), report.template)["t3.N.C7"]
    assert contributions(report, "t3.N.C7") == [("甲局", one), ("乙局", one), ("丙局", one)]
    lines = contribution_lines(report, "t2_1.norms.in_force", limit=2)
    assert lines[1:] == ["  丙局：7", "  甲局：2", "  其余 1 个单位：0"]
    assert contribution_lines(unit("甲局"), "t3.N.C7") == []  # a 本级 report has no units


def test_no_agency_or_nothing_to_sum_is_refused(tmp_path: Path) -> None:
    write_units(tmp_path / "u", [unit("甲局")])
    board = Board.read([tmp_path / "u"])
    with pytest.raises(AggregateRefused, match="机关名称"):
        aggregate(board, " ")
    board.units[0].include = False
    with pytest.raises(AggregateRefused, match="没有可汇总"):
        aggregate(board, "县")


def test_default_agency_is_the_one_government_unit(tmp_path: Path) -> None:
    write_units(tmp_path / "u", [unit("甲局"), unit("某县人民政府", kind="government")])
    assert Board.read([tmp_path / "u"]).default_agency() == "某县人民政府"


def test_sum_cells_of_nothing_is_all_blank() -> None:
    assert sum_cells(load_template("2021"), []) == {}


def test_board_workbook_has_status_units_and_summed_tables(tmp_path: Path) -> None:
    bad = unit("错误局")
    bad.cells["t3.N.C1"] = 1000
    write_units(tmp_path / "u", [unit("甲局", 2), unit("乙局", 3), bad])
    board = Board.read([tmp_path / "u"])
    report = aggregate(board, "某县人民政府")
    stream = io.BytesIO()
    write_board_xlsx(board, report, stream)
    wb = load_workbook(io.BytesIO(stream.getvalue()))
    status = wb[STATUS_SHEET]
    assert tuple(c.value for c in status[1]) == STATUS_HEADERS
    rows = {r[1]: r for r in status.iter_rows(min_row=2, values_only=True)}
    assert rows["甲局"][9] == "是" and rows["错误局"][9] == "否" and "错误" in rows["错误局"][10]
    units = wb[UNITS_SHEET]
    keys = [c.value for c in units[1]][1:]
    assert keys == report.template.input_keys()
    column = keys.index("t2_1.norms.in_force") + 2
    assert [units.cell(r, 1).value for r in (3, 4, 5)] == ["甲局", "乙局", "合计"]
    assert [units.cell(r, column).value for r in (3, 4, 5)] == [2, 3, 5]
    section = table_sections(report.template)[1]
    layout = layout_sheet(section)
    sheet = wb[layout.name]
    values = computed_values(report, report.template)
    for slot in layout.slots:
        value = values.get(slot.key)
        assert sheet.cell(slot.row, slot.col).value == (None if value is None else value), slot.key


def test_aggregate_round_trips_through_the_report_file(tmp_path: Path) -> None:
    write_units(tmp_path / "u", [unit("甲局", 2), unit("乙局", 3)])
    report = aggregate(Board.read([tmp_path / "u"]), "县")
    write_report_file(report, tmp_path / "sum.json")
    back = read_report_file(tmp_path / "sum.json")
    assert back.scope == SCOPE_AGGREGATE and back.sources == report.sources and back.cells == report.cells
    data = json.loads((tmp_path / "sum.json").read_text(encoding="utf-8"))
    assert data["format_version"] == 2 and data["scope"] == "aggregate"  # older programs say: upgrade
    write_report_file(unit("甲局"), tmp_path / "own.json")
    own = json.loads((tmp_path / "own.json").read_text(encoding="utf-8"))
    assert own["format_version"] == 1 and "scope" not in own and "sources" not in own  # as it always was
    data["format_version"] = 1
    (tmp_path / "v1.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(ValueError, match="第 2 版起才有"):
        read_report_file(tmp_path / "v1.json")
    final = finalised(back)
    write_report_file(final, tmp_path / "final.json")
    assert read_report_file(tmp_path / "final.json").is_final  # the hash covers scope and sources
    data = json.loads((tmp_path / "final.json").read_text(encoding="utf-8"))
    data["sources"][0]["cells"]["t2_1.norms.in_force"] = 20
    (tmp_path / "final.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(ChangedAfterFinal, match="定稿后被改动"):
        read_report_file(tmp_path / "final.json")


def test_the_summed_preface_is_template_data() -> None:
    from core.resources import resource_path
    from core.template import TemplateError, parse_template

    data = json.loads(resource_path("templates", "2021.json").read_text(encoding="utf-8"))
    assert any("{units}" in s for s in parse_template(data).preface.aggregate_default)
    data["preface"]["aggregate_default"] = "不是列表"
    with pytest.raises(TemplateError, match="aggregate_default"):
        parse_template(data)


def test_a_workbook_changed_after_finalising_is_named_on_the_board(tmp_path: Path) -> None:
    from core.export.xlsx import write_xlsx
    from core.export.xlsx_layout import sheet_name

    folder = tmp_path / "u"
    write_units(folder, [unit("甲局")])
    with open(folder / "乙局.xlsx", "wb") as stream:
        write_xlsx(finalised(unit("乙局")), stream)
    wb = load_workbook(folder / "乙局.xlsx")
    section = table_sections(load_template("2021"))[0]
    slot = next(s for s in layout_sheet(section).slots if s.key == "t2_1.norms.in_force")
    ws = wb[sheet_name(section)]
    ws.protection.sheet = False
    ws.cell(slot.row, slot.col).value = 77
    wb.save(folder / "乙局.xlsx")
    board = Board.read([folder])
    changed = next(u for u in board.units if u.path.suffix == ".xlsx")
    assert changed.status == UNIT_CHANGED and not changed.included() and "修改" in changed.note
    assert "无法读取" in board.refusals()[-1]


@pytest.mark.parametrize("suffix", [".json", ".xlsx"])
def test_a_changed_final_is_known_by_its_type_whatever_its_words(tmp_path: Path, monkeypatch, suffix: str) -> None:
    """The board's verdict follows the reader's exception type: reworded, or another error saying 哈希不符."""
    import core.aggregate_units

    path = tmp_path / f"unit{suffix}"
    path.write_bytes(b"{}")
    draft = unit("甲局", 4)

    def reworded(_: Path) -> Report:
        raise ChangedAfterFinal("随便换一种说法", draft if suffix == ".json" else None)

    monkeypatch.setattr(core.aggregate_units, "read_any_source", reworded)
    changed = read_unit(path)
    assert changed.status == UNIT_CHANGED and (changed.report is draft) == (suffix == ".json")

    def other(_: Path) -> Report:
        raise ReportFileError("内容哈希不符；文件标为定稿，但内容与定稿校验码不符（定稿后被改动过）")

    monkeypatch.setattr(core.aggregate_units, "read_any_source", other)
    unreadable = read_unit(path)
    assert unreadable.status == UNIT_UNREADABLE and unreadable.report is None


def test_both_readers_name_a_changed_final_by_its_type(tmp_path: Path) -> None:
    """A report file gives the changed content as a draft; a workbook (read only as it was finalised) gives none."""
    from core.export.xlsx import write_xlsx
    from core.export.xlsx_layout import sheet_name
    from core.read.xlsx_import import read_workbook

    final = finalised(unit("甲局", 2))
    write_report_file(final, tmp_path / "a.json")
    data = json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))
    data["cells"]["t2_1.norms.in_force"] = 9
    (tmp_path / "a.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(ChangedAfterFinal) as raised:
        read_report_file(tmp_path / "a.json")
    draft = raised.value.draft
    assert draft is not None and not draft.is_final and draft.cells["t2_1.norms.in_force"] == 9
    with open(tmp_path / "a.xlsx", "wb") as stream:
        write_xlsx(final, stream)
    section = table_sections(load_template("2021"))[0]
    slot = next(s for s in layout_sheet(section).slots if s.key == "t2_1.norms.in_force")
    wb = load_workbook(tmp_path / "a.xlsx")
    wb[sheet_name(section)].cell(slot.row, slot.col).value = 7
    wb.save(tmp_path / "a.xlsx")
    with pytest.raises(ChangedAfterFinal) as raised:
        read_workbook(tmp_path / "a.xlsx")
    assert raised.value.draft is None


def test_counts_typed_as_json_integers_are_checked_like_typed_text() -> None:
    from core.values import MAX_COUNT, ValueRefused, parse_value

    kind = load_template("2021").cells["t3.N.C1"].value_kind
    assert parse_value(MAX_COUNT, kind) == MAX_COUNT and parse_value(0, kind) == 0
    for refused in (MAX_COUNT + 1, -1, True):
        with pytest.raises(ValueRefused):
            parse_value(refused, kind)
