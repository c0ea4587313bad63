"""core.wording: one Chinese wording of a report's status and of OS / SQLite errors, whoever reports them."""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path

import pytest

from core.atomic import ExportError, atomic_write
from core.datadir import DataDir, DataDirError
from core.export.pdf_page import footer_note
from core.export.xlsx_style import status_note
from core.final_status import FinalStatus
from core.finalise import finalised
from core.report import Report
from core.store.backups import BackupError, make_backup
from core.store.schema import explain_open_error, explain_sqlite_error
from core.wording import (
    os_reason,
    sqlite_problem,
    sqlite_reason,
    status_line,
    status_words,
    unreadable_message,
    unreadable_reason,
)

FULL = OSError(errno.ENOSPC, "No space left on device")


def _refuse(*_args, **_kwargs):
    raise FULL


def test_a_full_disk_reads_alike_in_exports_data_folder_and_backups(tmp_path: Path, monkeypatch) -> None:
    said = []
    with pytest.raises(ExportError) as caught:
        atomic_write(tmp_path / "a.json", lambda stream: _refuse())
    said.append(str(caught.value))
    monkeypatch.setattr(Path, "mkdir", _refuse)
    with pytest.raises(DataDirError) as caught:
        DataDir(tmp_path / "数据", False, False, "").ensure()
    said.append(str(caught.value))
    db = tmp_path / "nianbao.sqlite"
    sqlite3.connect(db).close()
    with pytest.raises(BackupError) as caught:
        make_backup(db, tmp_path / "备份")
    said.append(str(caught.value))
    for text in said:
        assert os_reason(FULL, "写入") in text and "No space" not in text, text


def test_a_locked_database_reads_alike_on_open_save_and_health_check() -> None:
    locked = sqlite3.OperationalError("database is locked")
    reason = sqlite_reason(locked, advice=False)
    assert reason == "数据库正被其他程序占用"
    for text in (explain_open_error(locked), explain_sqlite_error(locked), sqlite_problem(locked)):
        assert reason in text, text
    unknown = sqlite3.OperationalError("something new")
    assert sqlite_reason(unknown) is None and sqlite_problem(unknown) == "something new"


def test_status_line_is_the_same_on_pdf_and_workbook_pages(full_report: Report) -> None:
    final = finalised(full_report)
    cases = [(full_report, FinalStatus(False)), (final, FinalStatus(True)),
             (final, FinalStatus(True, ("内容与校验码不符",)))]
    for report, verdict in cases:
        assert footer_note(report, verdict.trusted) == status_note(report, verdict) == \
            status_line(report, verdict.trusted)
    assert status_line(full_report).startswith("草稿 · 第 1 版")
    assert status_line(final).startswith("第 1 版 定稿 · 校验码 ")
    assert "按草稿处理" in status_line(final, False)
    assert status_words("draft", 2) == "草稿 第2版" and status_words("final", 3) == "已定稿 第3版"


@pytest.mark.parametrize(("message", "reason"), [
    ("“a.pdf”没有文字层（可能是扫描件或图片）", "没有文字层（可能是扫描件或图片）"),
    ("a.pdf：“a.pdf”不是有效的 PDF 文件", "不是有效的 PDF 文件"),
    ("无法读取“/某处/a.pdf”：文件不存在", "文件不存在"),
    ("a.pdf：工作表“说明”：缺少年度", "工作表“说明”：缺少年度"),
    ("“a.pdf”的表格过大", "“a.pdf”的表格过大"),  # the name is part of the sentence: kept
    ("这是一个图片（PNG）", "这是一个图片（PNG）"),
])
def test_a_readers_message_loses_the_file_name_once_wherever_the_file_is_named(message: str, reason: str) -> None:
    """The check line and the 汇总 board name the file themselves: the reason is the same for both."""
    path = Path("/某处/a.pdf")
    assert unreadable_reason(path, message) == reason
    assert unreadable_message(path, message) == f"无法读取“a.pdf”：{reason}"


def test_a_final_changed_since_is_worded_alike_by_every_reader_and_the_board(tmp_path: Path,
                                                                            full_report: Report) -> None:
    """Report file, workbook, final_status and the 汇总 board: one wording, never 哈希 or 校验值."""
    import json

    from openpyxl import load_workbook

    from core.aggregate_units import read_unit
    from core.export.xlsx import write_xlsx
    from core.export.xlsx_layout import layout_sheet, sheet_name, table_sections
    from core.final_status import ChangedAfterFinal, final_status
    from core.read.report_file import read_report_file, write_report_file
    from core.read.xlsx_import import read_workbook
    from core.wording import CHANGED_AFTER_FINAL

    final = finalised(full_report)
    write_report_file(final, tmp_path / "a.json")
    data = json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))
    data["cells"]["t2_1.norms.in_force"] = 9
    (tmp_path / "a.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with open(tmp_path / "a.xlsx", "wb") as stream:
        write_xlsx(final, stream)
    section = table_sections(final.template)[0]
    slot = next(s for s in layout_sheet(section).slots if s.key == "t2_1.norms.in_force")
    workbook = load_workbook(tmp_path / "a.xlsx")
    workbook[sheet_name(section)].cell(slot.row, slot.col).value = 7
    workbook.save(tmp_path / "a.xlsx")
    said = []
    for read in (lambda: read_report_file(tmp_path / "a.json"), lambda: read_workbook(tmp_path / "a.xlsx")):
        with pytest.raises(ChangedAfterFinal) as raised:
            read()
        said.append(str(raised.value))
    changed = finalised(full_report)
    changed.cells["t2_1.norms.in_force"] = 9
    said += [final_status(changed).reason(), read_unit(tmp_path / "a.json").note, read_unit(tmp_path / "a.xlsx").note]
    for text in said:
        assert CHANGED_AFTER_FINAL in text and "哈希" not in text and "校验值" not in text, text
