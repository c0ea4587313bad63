"""Acceptance: a clerk starts from nothing, fills in the seed report by keyboard and paste, sees totals and
checks react as they type, finalises it, and finds it intact after the app is killed.

Three launches of the real ``gui.app.main`` over one empty data folder (offscreen):
1. in this process: 新建年报 (dialog patched), every number typed with real key events or pasted as TSV
   through the clipboard, the texts set in the narrative editors, totals and R3.1 checked keystroke by keystroke;
2. in a child process: the window reopens the last report, the two V4 warnings get a 说明 in the issues
   panel, 定稿 is clicked, and the child kills itself with SIGKILL (no clean shutdown);
3. in this process again: the window shows every cell, text and the status 已定稿 第1版 exactly as the seed.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from factories import FIXTURES
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QBrush, QGuiApplication
from PySide6.QtWidgets import QAbstractItemView, QApplication, QDialog, QLineEdit, QMessageBox

from core.read.report_file import read_report_file
from core.report import Report, computed_values
from core.store.storage import Store
from core.values import format_value
from gui import app as gui_app
from gui.main_window import MainWindow
from gui.new_report_dialog import NewReportDialog
from gui.table.count_table_model import SEVERITY_BG
from gui.table.count_table_view import CountTableView

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")

ROOT = Path(__file__).resolve().parents[2]
AGENCY = "津南区民政局"
EDITING = QAbstractItemView.State.EditingState
TAB, ENTER = Qt.Key.Key_Tab, Qt.Key.Key_Return


@pytest.fixture(scope="module")
def seed() -> Report:
    """The published report; its carried totals are the printed ones (they agree with the computed)."""
    return read_report_file(FIXTURES / "seed_2020.json")


def _window() -> MainWindow:
    windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
    assert len(windows) == 1
    return windows[0]


def _run_main(loop) -> None:
    """Start the app; ``loop(window)`` stands in for the event loop, then the window is closed."""
    def event_loop(_app: QApplication) -> int:
        window = _window()
        try:
            loop(window)
        finally:
            window.close()
        return 0

    mp = pytest.MonkeyPatch()
    mp.setattr(gui_app, "run_event_loop", event_loop)
    try:
        assert gui_app.main([]) == 0
    finally:
        mp.undo()


# ---- keyboard helpers ----------------------------------------------------------------------


def _press(qtbot, view: CountTableView, *keys: str | Qt.Key) -> None:
    """Key presses as a clerk makes them: to the open cell editor if there is one, else to the table."""
    for key in keys:
        chars = list(key) if isinstance(key, str) else [key]
        for ch in chars:
            target = view.indexWidget(view.currentIndex()) if view.state() == EDITING else view
            assert target is not None
            qtbot.keyClick(target, ch)
            if not isinstance(ch, str):
                QCoreApplication.processEvents()  # the delegate commits and closes its editor queued


def _type_row(qtbot, view: CountTableView, start: str, values: list[str]) -> None:
    """Select a cell, then type values separated by Tab, the last one closed by Enter."""
    view.select_key(start)
    for i, value in enumerate(values):
        _press(qtbot, view, value, ENTER if i == len(values) - 1 else TAB)
    qtbot.waitUntil(lambda: view.state() != EDITING)


def _current(view: CountTableView) -> str | None:
    return view.model().key(view.currentIndex())


def _shown(view: CountTableView, key: str) -> str:
    return view.model().index_of(key).data()


def _paste(qtbot, view: CountTableView, start: str, tsv: str) -> None:
    view.select_key(start)
    QGuiApplication.clipboard().setText(tsv)
    qtbot.keyClick(view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)


def _r31(window: MainWindow) -> list[str]:
    return [i.anchor for i in window.document.issues if i.rule == "R3.1"]


# ---- launch 1: typing ------------------------------------------------------------------------


def _type_section_two(qtbot, window: MainWindow) -> None:
    tab = window.section_tabs["s2"]
    window.tabs.setCurrentWidget(tab)
    views = tab.tables
    _type_row(qtbot, views["t2_1"], "t2_1.norms.made", ["1", "1", "1"])
    assert _current(views["t2_1"]) == "t2_1.norms.total_public"  # the last row: Enter has nowhere to go
    _paste(qtbot, views["t2_5"], "t2_5.license.prev_items", "0\t0\t0\r\n0\t0\t0\r\n")  # as Excel copies it
    _type_row(qtbot, views["t2_6"], "t2_6.penalty.prev_items", ["3", "3", "3"])
    _type_row(qtbot, views["t2_6"], "t2_6.enforcement.prev_items", ["0", "0", "0"])
    _type_row(qtbot, views["t2_8"], "t2_8.fees.prev_items", ["0", "0"])
    _type_row(qtbot, views["t2_9"], "t2_9.procurement.projects", ["0", "0"])


def _type_table_three(qtbot, window: MainWindow) -> None:
    """Column 自然人 top to bottom with Enter, checking the totals and R3.1 after the keystrokes that matter."""
    tab = window.section_tabs["s3"]
    window.tabs.setCurrentWidget(tab)
    view = tab.tables["t3"]
    view.select_key("t3.N.C1")
    assert _r31(window) == [] and _shown(view, "t3.N.C7") == ""
    _press(qtbot, view, "2", ENTER)
    # 本年新收 2 but nothing handled yet: the row total shows 2 and R3.1 (N + B = T + F) fails for 自然人.
    assert _current(view) == "t3.B.C1"
    assert _shown(view, "t3.N.C7") == "2" and _shown(view, "t3.T.C1") == ""
    assert _r31(window) == ["C1", "C7"]
    index = view.model().index_of("t3.N.C1")
    assert index.data(Qt.ItemDataRole.BackgroundRole) == QBrush(SEVERITY_BG["error"])
    assert "✖" in window.tabs.tabText(window.tabs.indexOf(tab))
    _press(qtbot, view, "0", ENTER, "1", ENTER)  # 上年结转 0, 予以公开 1
    assert _shown(view, "t3.T.C1") == "1" and _shown(view, "t3.T.C7") == "1" and _r31(window) == ["C1", "C7"]
    _press(qtbot, view, *[ENTER] * 10)  # R2, D1–D8, U1 stay blank
    assert _current(view) == "t3.U2.C1"
    _press(qtbot, view, "1", ENTER)  # 没有现成信息需要另行制作 1: now 2 + 0 = 2 + 0
    assert _shown(view, "t3.T.C1") == "2" and _shown(view, "t3.T.C7") == "2"
    assert _r31(window) == [] and index.data(Qt.ItemDataRole.BackgroundRole) != QBrush(SEVERITY_BG["error"])
    _press(qtbot, view, *[ENTER] * 8)  # U3, P1–P5, O, and over the computed 总计 row
    assert _current(view) == "t3.F.C1"
    _press(qtbot, view, "0", ENTER)
    qtbot.waitUntil(lambda: view.state() != EDITING)
    assert _r31(window) == []


def _first_launch(qtbot, seed: Report) -> None:
    def loop(window: MainWindow) -> None:
        assert f"{AGENCY}2020年" in window.windowTitle() and window.version_label.text() == "草稿 第1版"
        assert window.edition_label.text() == "格式：2019 版"
        window.activateWindow()
        _type_section_two(qtbot, window)
        _type_table_three(qtbot, window)
        tab = window.section_tabs["s4"]
        window.tabs.setCurrentWidget(tab)
        view = tab.tables["t4"]
        blanks = "\t".join(["0\t0\t0\t0\t"] * 3)  # the 总计 columns left empty in the copied block
        _paste(qtbot, view, "t4.cases.rv_upheld", blanks + "\n")
        assert all(_shown(view, f"t4.cases.{g}_total") == "0" for g in ("rv", "ld", "lr"))
        for key, text in seed.texts.items():
            section = window.document.template.section_of(key)
            window.tabs.setCurrentWidget(window.section_tabs[section.id])
            window.section_tabs[section.id].texts[key].editor.setPlainText(text)
        qtbot.waitUntil(lambda: window.document.report.texts == seed.texts)  # after the typing debounce
        open_issues = [(i.severity, i.rule, i.anchor) for i in window.document.open_issues()]
        assert open_issues == [("warning", "V4", "t2_1"), ("warning", "V4", "t3")]
        assert not window.issues_panel.finalise_button.isEnabled()
        assert window.document.report.cells == seed.cells

    _run_main(loop)


# ---- launch 2: 说明, 定稿, SIGKILL (child process) -----------------------------------------------

CHILD = textwrap.dedent("""
    import json, os, signal
    from PySide6.QtWidgets import QApplication, QMessageBox
    from gui import app as gui_app
    from gui.main_window import MainWindow

    def loop(_app):
        window = next(w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible())
        panel = window.issues_panel
        for issue in list(window.document.open_issues()):
            assert panel.select_issue(issue.fingerprint) and panel.note.isEnabled()
            panel.note.setText("按公开的年报原样录入，空白表示未发生")
            panel.note_button.click()
        QMessageBox.question = lambda *a, **k: QMessageBox.StandardButton.Yes
        panel.finalise_button.click()
        print(json.dumps({"status": window.version_label.text(), "banner": window.banner.isVisible(),
                          "blockers": window.document.blockers()}, ensure_ascii=False), flush=True)
        os.kill(os.getpid(), signal.SIGKILL)  # no clean shutdown: the store is never closed

    gui_app.run_event_loop = loop
    gui_app.main([])
""")


def _killed_child() -> dict:
    env = dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, "-c", CHILD], capture_output=True, env=env, text=True,
                          encoding="utf-8", timeout=60)
    assert done.returncode == -signal.SIGKILL, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


# ---- launch 3: everything is there -------------------------------------------------------------


def _check_window(window: MainWindow, seed: Report) -> None:
    doc = window.document
    assert window.version_label.text() == "已定稿 第1版" and window.banner.isVisible()
    assert doc.read_only and not window.issues_panel.finalise_button.isEnabled()
    printed = computed_values(seed, seed.template) | {k: v for k, v in seed.carried.items()}
    for tab in window.section_tabs.values():
        for view in tab.tables.values():
            for cell in view.model().table.cells:
                assert _shown(view, cell.key) == format_value(printed.get(cell.key)), cell.key
        for key, box in tab.texts.items():
            assert box.editor.toPlainText() == seed.texts[key] and box.editor.isReadOnly()
    view = window.section_tabs["s3"].tables["t3"]
    view.select_key("t3.N.C1")
    view.edit(view.currentIndex())
    assert not isinstance(view.indexWidget(view.currentIndex()), QLineEdit)  # read-only: no editor opens


def test_clerk_fills_in_the_seed_report_finalises_and_survives_a_kill(qtbot, seed: Report,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    def new_dialog(dialog: NewReportDialog) -> int:
        dialog.agency.setText(AGENCY)
        dialog.year.setValue(2020)
        assert "2019" in dialog.edition.text()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(NewReportDialog, "exec", new_dialog)
    _first_launch(qtbot, seed)
    child = _killed_child()
    assert child == {"status": "已定稿 第1版", "banner": True, "blockers": []}
    _run_main(lambda window: _check_window(window, seed))
    data = Path(os.environ["NIANBAO_DATA_DIR"])
    with Store(data / "nianbao.sqlite3") as store:
        (info,) = store.list_reports()
        assert (info.agency, info.year, info.edition, info.status, info.version) == (
            AGENCY, 2020, "2019", "final", 1)
        stored = store.load(info.id)  # checks the frozen SHA-256
        frozen = dict(stored.texts)
        assert frozen.pop("preface").startswith("本报告根据")  # the 定稿 froze the default 前言 it prints
        assert stored.cells == seed.cells and frozen == seed.texts
        assert {k: format_value(v) for k, v in stored.cells.items()} == {
            k: format_value(v) for k, v in seed.cells.items()}
        assert sorted(stored.explanations) == ["V4@t2_1", "V4@t3"]
        assert [v.status for v in store.versions(info.id)] == ["final"]
        log = store.edit_log(info.id)
        assert {key for _t, kind, key, _old, _new in log if kind == "cell"} == set(seed.cells)
        assert log[-1][1:] == ("status", "status", "draft", "final v1")


def test_imported_report_with_a_wrong_total_can_be_settled_and_finalised(tmp_path: Path, settings, qtbot,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    from gui.session import Session

    data = json.loads((FIXTURES / "seed_2020.json").read_text(encoding="utf-8"))
    data["cells"]["t3.T.C7"] = 3  # typed elsewhere: the printed 总计 says 3, the items add up to 2
    data["cells"]["t4.cases.ld_total"] = 1
    source = tmp_path / "typed_elsewhere.json"
    source.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with Store(tmp_path / "nianbao.sqlite3") as store:
        session = Session(store, settings)
        window = session.open_report(session.import_file(source))
        qtbot.addWidget(window)
        doc, panel = window.document, window.issues_panel
        wrong = sorted(i.anchor for i in doc.issues if i.severity == "error")
        assert wrong == ["t3.T.C7", "t4.cases.ld_total"] and panel.carried_box.isVisible()
        panel.accept_all_button.click()
        assert [i for i in doc.issues if i.severity == "error"] == [] and not panel.carried_box.isVisible()
        window.actions_["undo"].trigger()  # 编辑 → 撤销: both come back in one step
        assert sorted(i.anchor for i in doc.issues if i.severity == "error") == wrong
        window.actions_["redo"].trigger()
        for issue in list(doc.open_issues()):
            assert doc.explain(issue.fingerprint, "按公开的年报原样录入")
        monkeypatch.setattr("gui.main_window.QMessageBox.question", lambda *a, **k: QMessageBox.StandardButton.Yes)
        panel.finalise_button.click()
        assert doc.report.is_final and store.load(doc.report_id).carried == {
            k: v for k, v in read_report_file(source).carried.items() if k not in wrong}
        window.close()
