"""main(): Chinese Qt strings, a CJK font, first run through 新建年报, then the window; one instance per folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit, QMessageBox

from core.datadir import UNLOCKED_WARNING, InstanceLock, acquire_instance_lock
from core.exit_codes import EXIT_NOT_STARTED
from core.importers import import_file
from core.store.storage import Store
from gui import app as gui_app
from gui.main_window import MainWindow
from gui.new_report_dialog import NewReportDialog


def test_qt_strings_are_chinese_and_translators_kept(qapp) -> None:
    translators = gui_app.install_translators(qapp)
    assert translators and all(t is not None for t in translators)
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"
    # nianbao_zh_CN (installed last, asked first) words Qt's own text fields' undo as the 编辑 menu does
    edit = QLineEdit()
    menu = edit.createStandardContextMenu()
    assert menu.actions()[0].text().startswith("撤销(&U)")
    assert QCoreApplication.translate("QPlatformTheme", "Don't Save") == "不保存"


def test_cjk_font_is_chosen(qapp) -> None:
    font = gui_app.choose_font(qapp)
    assert font.pointSizeF() >= 10
    assert font.family() in gui_app.CJK_FAMILIES or QApplication.fontMetrics().inFont("报")


def test_first_run_creates_and_shows_a_report(qapp, monkeypatch: pytest.MonkeyPatch) -> None:
    def accept(dialog: NewReportDialog) -> int:
        dialog.agency.setText("某某市档案馆")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(NewReportDialog, "exec", accept)
    seen: list[str] = []

    def event_loop(_app: QApplication) -> int:  # running app.exec() inside pytest-qt upsets later tests
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
        seen.extend(w.windowTitle() for w in windows)
        for w in windows:
            w.close()
        return 0

    monkeypatch.setattr(gui_app, "run_event_loop", event_loop)
    assert gui_app.main([]) == 0
    assert seen and "某某市档案馆" in seen[0]
    data = Path(os.environ["NIANBAO_DATA_DIR"])
    store = Store(data / "nianbao.sqlite3")
    assert [i.agency for i in store.list_reports()] == ["某某市档案馆"]
    store.close()


def test_second_instance_is_refused(qapp, monkeypatch: pytest.MonkeyPatch) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: shown.append(a[2]))
    with acquire_instance_lock(Path(os.environ["NIANBAO_DATA_DIR"])):
        assert gui_app.main([]) == EXIT_NOT_STARTED
    assert shown and "已在运行" in shown[0]


def test_unenforceable_lock_is_told(qapp, monkeypatch: pytest.MonkeyPatch) -> None:
    """A data folder on a file system that cannot lock: the window starts, with a warning saying so."""
    folder = Path(os.environ["NIANBAO_DATA_DIR"])

    def no_lock(data_dir: Path) -> InstanceLock:
        return InstanceLock(folder / "nianbao.lock", os.open(os.devnull, os.O_RDONLY), enforced=False)

    seen: list[str] = []
    monkeypatch.setattr(gui_app, "acquire_instance_lock", no_lock)
    monkeypatch.setattr(gui_app, "run_with_store", lambda app, f, journal, warning, path: seen.append(warning) or 0)
    assert gui_app.main([]) == 0
    assert seen == [UNLOCKED_WARNING]


def _close_windows(seen: list[str]):
    def event_loop(_app: QApplication) -> int:
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
        seen.extend(w.windowTitle() for w in windows)
        for w in windows:
            w.close()
        return 0
    return event_loop


IMPORTABLE = Path(__file__).resolve().parents[1] / "fixtures" / "import" / "jinnan_mzj_2020_cells.txt"


def test_a_published_report_given_on_the_command_line_opens_in_the_window(qapp, monkeypatch: pytest.MonkeyPatch,
                                                                          tmp_path: Path) -> None:
    """``nianbao 年报.txt``: imported into the store, shown, and what the importer noted is said."""
    source = tmp_path / "津南区民政局 2020 年报.txt"
    source.write_bytes(IMPORTABLE.read_bytes())
    seen: list[str] = []
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: told.append(a[2]))
    monkeypatch.setattr(gui_app, "run_event_loop", _close_windows(seen))
    assert gui_app.main([], source) == 0
    assert seen and "津南区民政局2020年" in seen[0]
    assert told and "已按已发布的年报导入" in told[0]
    store = Store(Path(os.environ["NIANBAO_DATA_DIR"]) / "nianbao.sqlite3")
    [info] = store.list_reports()
    assert (info.agency, info.year) == ("津南区民政局", 2020)
    assert store.load(info.id).cells == import_file(source).report.cells  # the tables came along, as read
    store.close()


def test_an_unreadable_file_on_the_command_line_is_explained(qapp, monkeypatch: pytest.MonkeyPatch,
                                                            tmp_path: Path) -> None:
    """A picture given as the file: the reason, then the usual start (here: 新建 declined, nothing opens)."""
    picture = tmp_path / "截图.png"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warned.append(a[2]))
    monkeypatch.setattr(NewReportDialog, "exec", lambda dialog: QDialog.DialogCode.Rejected)
    assert gui_app.main([], picture) == 0
    assert warned and warned[0].startswith("无法打开“截图.png”") and "图片" in warned[0]
