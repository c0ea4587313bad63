"""Flattened rows: digit runs split by the table's arithmetic, never guessed."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from core.importers.digits import splits
from core.importers.rows_struct import RowRead
from core.importers.solve import read_table
from core.template import load_template

ROOT = Path(__file__).resolve().parents[3]
FIX = ROOT / "tests" / "fixtures" / "import"


def _t3_kinds():
    t = load_template("2021")
    return t, [t.cells[f"t3.N.{c}"].value_kind for c in ("C1", "C2", "C3", "C4", "C5", "C6", "C7")]


def test_row_total_decides_801000081():
    t, _kinds = _t3_kinds()
    spec = t.tables["t3"]
    out = read_table(spec, t, {"N": RowRead("t3", "N", run="801000081")})
    assert [out.values[f"t3.N.{c}"] for c in ("C1", "C2", "C3", "C4", "C5", "C6", "C7")] == [80, 1, 0, 0, 0, 0, 81]
    assert not out.uncertain


def test_kinds_alone_can_decide():
    _, kinds = _t3_kinds()
    assert splits("0000000", kinds) == [(0,) * 7]  # no leading zeros: seven zeros are seven cells
    assert splits("0 0 00 00 0", kinds) == [(0,) * 7]  # spaces are hard boundaries


def test_ambiguous_split_is_uncertain_with_candidates():
    t = load_template("2021")
    spec = t.tables["t2_1"]
    out = read_table(spec, t, {"norms": RowRead("t2_1", "norms", run="1111")})
    keys = {"t2_1.norms.issued", "t2_1.norms.repealed", "t2_1.norms.in_force"}
    assert set(out.uncertain) == keys
    assert not keys & set(out.values)
    assert set(out.uncertain["t2_1.norms.issued"]) == {1, 11}


def test_row_total_that_cannot_hold_leaves_the_row_uncertain():
    t, _ = _t3_kinds()
    out = read_table(t.tables["t3"], t, {"R1": RowRead("t3", "R1", run="12000099")})
    assert "t3.R1.C1" in out.uncertain
    assert any("合计" in n for n in out.notes)


def test_column_sums_decide_what_row_totals_cannot():
    t, _ = _t3_kinds()
    spec = t.tables["t3"]
    z = "0 0 0 0 0 0 0"
    rows = {r: RowRead("t3", r, run=z) for r in ("B", "R2", *(f"D{i}" for i in range(1, 9)), "U1", "U2", "U3",
                                               *(f"P{i}" for i in range(1, 6)), "O1", "O2", "O3", "F")}
    # 一: 11 applications, one of them from a company: "10 1 0 0 0 0 11" printed as one run
    rows["N"] = RowRead("t3", "N", run="1010000 11")
    rows["R1"] = RowRead("t3", "R1", cells=["10", "1", "0", "0", "0", "0", "11"])
    rows["T"] = RowRead("t3", "T", cells=["10", "1", "0", "0", "0", "0", "11"])
    alone = read_table(spec, t, {"N": rows["N"]})
    assert "t3.N.C1" in alone.uncertain  # 10|1|0… and 1|0|10… both add up to 11
    together = read_table(spec, t, rows)
    assert together.values["t3.N.C1"] == 10 and together.values["t3.N.C2"] == 1
    assert not together.uncertain


def _cli(*args: str) -> subprocess.CompletedProcess:
    code = "import sys; from nianbao.cli import main; sys.exit(main(sys.argv[1:]))"
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=ROOT,
                          env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "PYTHONIOENCODING": "utf-8"})


def test_cli_exit_codes_and_json(tmp_path):
    certain = _cli("import", str(FIX / "shanghai_bgt_2019.html"), "--json", "-o", str(tmp_path / "out.json"))
    assert certain.returncode == 0, certain.stderr
    summary = json.loads(certain.stdout)
    assert set(summary) == {"edition", "year", "agency", "agency_kind", "cells_read", "uncertain", "missing",
                            "texts", "notes"}
    assert (summary["edition"], summary["year"], summary["agency"]) == ("2019", 2019, "上海市人民政府办公厅")
    assert summary["cells_read"] == 198 and summary["uncertain"] == [] and summary["missing"] == []
    written = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert written["format"] == "nianbao-report" and written["cells"]["t3.N.C1"] == 821

    uncertain = _cli("import", str(FIX / "pingtan_2023_flat.txt"))
    assert uncertain.returncode == 1
    assert "待核实 t2_1.norms.issued" in uncertain.stdout and "77" in uncertain.stdout

    bad = tmp_path / "old.doc"
    bad.write_bytes(b"\xd0\xcf\x11\xe0" + b"\x00" * 64)
    unreadable = _cli("import", str(bad))
    assert unreadable.returncode == 2 and "另存为" in unreadable.stderr


def test_narrative_before_a_flattened_table_is_not_read_as_a_row(tmp_path):
    text = (FIX / "pingtan_2023_flat.txt").read_text(encoding="utf-8")
    text = text.replace("三、收到和处理政府信息公开申请情况（本列",
                        "三、收到和处理政府信息公开申请情况全年予以公开42件，不予处理1件，行政复议2件。（本列")
    path = tmp_path / "narrative.txt"
    path.write_text(text, encoding="utf-8")
    from core.importers import import_file

    report = import_file(path).report
    assert report.cells["t3.R1.C1"] == 22 and report.carried["t3.R1.C7"] == 22
    assert report.cells["t4.cases.rv_upheld"] == 1 and report.carried["t4.cases.lr_total"] == 2


def test_rows_copied_from_a_browser_keep_their_blank_cells(tmp_path):
    """Copying a portal table gives one row per line, cells separated by tabs; blank cells stay blank."""
    from core.importers import import_file
    from core.importers.blocks import Table
    from core.importers.read_html import read_html

    source = FIX / "shanghai_bgt_2019.html"
    doc = read_html(source.read_bytes(), source.name)
    lines = []
    for block in doc.blocks:
        if isinstance(block, Table):
            lines += ["\t".join(block.row_cells(r)) for r in range(len(block.rows))]
        else:
            lines.append(block.text)
    path = tmp_path / "copied.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    result = import_file(path)
    assert result.certain
    assert result.report.cells["t3.U1.C5"] == 1 and "t3.U1.C6" not in result.report.cells
    assert result.report.carried["t3.R1.C7"] is None and result.report.carried["t3.T.C7"] == 805


def test_flattened_table_with_vanished_blank_cells_is_never_read_wrong(tmp_path):
    """The Shanghai page flattened the way a text copy does it: blank cells leave no trace
    (``8213521859``). Whatever is read must be what was published; the rest is uncertain."""
    import import_expected as X

    from core.importers import import_file
    from core.importers.blocks import Table
    from core.importers.read_html import read_html

    source = FIX / "shanghai_bgt_2019.html"
    doc = read_html(source.read_bytes(), source.name)
    parts = []
    for block in doc.blocks:
        if isinstance(block, Table):
            parts += ["".join(block.row_cells(r)) for r in range(len(block.rows))]
        else:
            parts.append(block.text)
    path = tmp_path / "flat.txt"
    path.write_text("".join(parts), encoding="utf-8")
    result = import_file(path)
    report = result.report
    assert (report.edition, report.year, report.agency) == ("2019", 2019, "上海市人民政府办公厅")
    wrong = {}
    for key, cell in report.template.cells.items():
        if key in result.uncertain or key in result.missing:
            continue
        got = report.carried.get(key) if cell.computed else report.cells.get(key)
        if got != X.SHANGHAI_2019[key]:
            wrong[key] = (got, X.SHANGHAI_2019[key])
    assert wrong == {}
    assert result.uncertain  # and it says so


def test_markdown_style_rows_keep_their_blank_cells(tmp_path):
    from core.importers import import_file
    from core.importers.blocks import Table
    from core.importers.read_html import read_html

    source = FIX / "shanghai_bgt_2019.html"
    doc = read_html(source.read_bytes(), source.name)
    lines = []
    for block in doc.blocks:
        if isinstance(block, Table):
            for r in range(len(block.rows)):
                lines.append("| " + " | ".join(block.row_cells(r)) + " |")
                if r == 0:
                    lines.append("|---|---|")
        else:
            lines.append(block.text)
    path = tmp_path / "markdown.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    result = import_file(path)
    assert result.certain
    assert result.report.cells["t3.D6.C2"] == 1 and result.report.carried["t3.B.C7"] == 18


def test_commas_separate_figures_unless_they_group_thousands():
    from core.importers.digits import tokens

    assert tokens("12，0，0") == ["12", "0", "0"]
    assert tokens("1,234 5") == ["1234", "5"]
    assert tokens("3,4,5") == ["3", "4", "5"]


def test_cli_does_not_write_a_file_whose_edition_does_not_fit_its_year(tmp_path):
    text = (FIX / "pingtan_2019_flat.txt").read_text(encoding="utf-8").replace("2019年", "2021年")
    source = tmp_path / "wrong_edition.txt"
    source.write_text(text, encoding="utf-8")
    out = tmp_path / "out.json"
    run = _cli("import", str(source), "-o", str(out))
    assert run.returncode == 1 and not out.exists()
    assert "2019 版格式" in run.stdout and "未写入" in run.stderr
