"""core.read.docx_read / core.read.html_read: nianbao's own Word document and web page give back the same report."""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal
from pathlib import Path

import docx
import pytest

from core.export.docx import write_docx
from core.export.html import write_html
from core.export.narrative_lines import paragraphs_of
from core.preface import text_of
from core.read.docx_read import read_docx
from core.read.html_read import read_html
from core.read.read_any import read_any_report
from core.read.report_file import read_report_file, write_report_file
from core.report import Report, ReportFileError
from nianbao.cli import main
from tests.factories import SEED_FILE

WRITERS = {".docx": (write_docx, read_docx), ".html": (write_html, read_html)}


def _hostile(report: Report) -> Report:
    report.meta.update({"fill_date": "2024-01-15", "publish_date": "2024-01-20", "leader": "赵六<b>&"})
    report.texts["overview"] = ("（一）主动公开情况\n本年度主动公开信息120条。\n\n"
                                "  （二）依申请公开情况。本年度收到申请12件。\r\n"
                                "=SUM(A1)<script>alert(1)</script> & \x07😀𠀀\u2028第二段" + "长" * 20_000)
    report.texts["other"] = "<p>无</p>"
    report.cells["t2_8.fees.amount"] = Decimal("12.50")
    report.cells.pop("t3.D5.C4", None)
    return report


def _same_report(back: Report, report: Report) -> None:
    assert (back.edition, back.year) == (report.edition, report.year)
    assert back.meta == {k: v for k, v in report.meta.items() if v}  # 基本信息 too (carried invisibly)
    assert back.cells == report.cells and not back.invalid
    for key in report.template.texts:
        assert "\n".join(paragraphs_of(text_of(back, key))) == "\n".join(paragraphs_of(text_of(report, key)))


@pytest.mark.parametrize("suffix", list(WRITERS))
@pytest.mark.parametrize("which", ["full", "seed", "hostile"])
def test_round_trip(tmp_path: Path, full_report: Report, suffix: str, which: str) -> None:
    report = {"full": lambda: full_report, "seed": lambda: read_report_file(SEED_FILE),
              "hostile": lambda: _hostile(full_report)}[which]()
    write, read = WRITERS[suffix]
    path = tmp_path / f"report{suffix}"
    with open(path, "wb") as stream:
        write(report, stream)
    _same_report(read(path), report)
    _same_report(read_any_report(path), report)  # what check / export / the window's import use


@pytest.mark.parametrize("suffix", list(WRITERS))
def test_public_copy_leaves_staff_names_out(tmp_path: Path, full_report: Report, suffix: str) -> None:
    write, read = WRITERS[suffix]
    path = tmp_path / f"public{suffix}"
    with open(path, "wb") as stream:
        write(full_report, stream, public=True)
    if suffix == ".html":
        assert "张三" not in path.read_text(encoding="utf-8")  # the filler
    else:
        assert "docProps/custom.xml" not in zipfile.ZipFile(path).namelist()
    back = read(path)
    assert back.cells == full_report.cells and "filler" not in back.meta and "leader" not in back.meta
    assert back.agency == full_report.agency


@pytest.mark.parametrize("suffix", list(WRITERS))
def test_cli_export_and_read_back(tmp_path: Path, full_report: Report, suffix: str,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    write_report_file(full_report, tmp_path / "r.json")
    assert main(["export", str(tmp_path / "r.json"), "--to", str(tmp_path / f"r{suffix}")]) == 0
    assert "已导出" in capsys.readouterr().out
    assert main(["export", str(tmp_path / f"r{suffix}"), "--to", str(tmp_path / "back.json")]) == 0
    _same_report(read_report_file(tmp_path / "back.json"), full_report)


def test_a_total_typed_over_in_word_is_carried_for_the_checks(tmp_path: Path, full_report: Report) -> None:
    from core.table_grid import section_grid

    data = io.BytesIO()
    write_docx(full_report, data)
    data.seek(0)
    document = docx.Document(data)
    grid = section_grid(full_report.template.sections[2])
    document.tables[1].cell(*grid.position("t3.T.C1")).paragraphs[0].runs[0].text = "99"
    document.tables[1].cell(*grid.position("t3.N.C2")).paragraphs[0].runs[0].text = "四"
    document.save(tmp_path / "edited.docx")
    back = read_docx(tmp_path / "edited.docx")
    assert back.carried["t3.T.C1"] == 99 and "t3.N.C2" in back.invalid


def test_other_word_documents_and_pages_are_named_not_read(tmp_path: Path) -> None:
    plain = docx.Document()
    plain.add_paragraph("会议纪要")
    plain.save(tmp_path / "memo.docx")
    with pytest.raises(ReportFileError, match="不是本程序导出的年度报告"):
        read_docx(tmp_path / "memo.docx")
    with pytest.raises(ReportFileError, match="不像政府信息公开工作年度报告"):
        read_any_report(tmp_path / "memo.docx")  # another program's document goes to the importer, which says why
    (tmp_path / "page.html").write_text("<html><body><h1>通知</h1></body></html>", encoding="utf-8")
    with pytest.raises(ReportFileError, match="不是本程序导出的年度报告"):
        read_html(tmp_path / "page.html")


def test_a_table_with_rows_removed_is_refused(tmp_path: Path, full_report: Report) -> None:
    data = io.BytesIO()
    write_html(full_report, data)
    text = data.getvalue().decode("utf-8").replace("<tr>", "<tr><td>x</td>", 1)
    (tmp_path / "bad.html").write_text(text, encoding="utf-8")
    with pytest.raises(ReportFileError, match="表格"):
        read_html(tmp_path / "bad.html")
    damaged = tmp_path / "damaged.docx"
    with zipfile.ZipFile(damaged, "w") as archive:
        archive.writestr("word/document.xml", "<not xml")
    with pytest.raises(ReportFileError, match="已损坏"):
        read_docx(damaged)


@pytest.mark.parametrize("suffix", list(WRITERS))
def test_an_aggregate_report_keeps_its_scope_and_sources(tmp_path: Path, full_report: Report, suffix: str) -> None:
    from core.report import SCOPE_AGGREGATE, Source

    full_report.scope = SCOPE_AGGREGATE
    full_report.sources = [Source("甲局", "甲局.json", "ab" * 32, "final", {"t3.N.C1": 3}),
                           Source("乙镇", "乙镇.docx", "cd" * 32, "draft", {"t2_8.fees.amount": Decimal("1.25")})]
    write, read = WRITERS[suffix]
    path = tmp_path / f"sum{suffix}"
    with open(path, "wb") as stream:
        write(full_report, stream)
    back = read(path)
    assert back.scope == SCOPE_AGGREGATE and back.sources == full_report.sources
    assert [s.cells for s in back.sources] == [s.cells for s in full_report.sources]
    assert "scope" not in back.meta and "sources" not in back.meta
    _same_report(back, full_report)  # the 汇总 前言 default is still recognised as the default
