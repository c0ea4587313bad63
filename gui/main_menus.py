"""The main window's menus and shortcuts (文件 / 编辑 / 视图 / 设置), every item reachable by keyboard."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

if TYPE_CHECKING:
    from gui.main_window import MainWindow


def _action(window: MainWindow, text: str, slot: object, shortcut: QKeySequence | str | None = None) -> QAction:
    action = QAction(text, window)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    action.triggered.connect(slot)
    return action


def build_menus(window: MainWindow) -> dict[str, QAction]:
    """Create the menus; returns the actions by name (tests trigger them)."""
    from gui import backup_actions as bk
    from gui import export_actions as ex
    from gui import settings as keys
    doc = window.document
    acts: dict[str, QAction] = {
        "new": _action(window, "新建年报(&N)…", window.newRequested.emit, QKeySequence.StandardKey.New),
        "open": _action(window, "打开 / 年报列表(&O)…", window.openRequested.emit, QKeySequence.StandardKey.Open),
        "save": _action(window, "保存(&S)", window.confirm_saved, QKeySequence.StandardKey.Save),
        "export_xlsx": _action(window, "导出 Excel(&E)…", lambda: ex.export(window, "xlsx")),
        "export_pdf": _action(window, "导出 PDF（内部审批版）(&P)…", lambda: ex.export(window, "pdf"), "Ctrl+P"),
        "export_pdf_public": _action(window, "导出 PDF（公开版）(&G)…", lambda: ex.export(window, "pdf_public")),
        "export_check": _action(window, "导出勾稽校验单(&C)…", lambda: ex.export(window, "check")),
        "finalise": _action(window, "定稿(&D)…", window.finalise),
        "reopen": _action(window, "重新打开(&R)…", window.reopen),
        "quit": _action(window, "退出(&X)", window.close, QKeySequence.StandardKey.Quit),
        "backup_now": _action(window, "立即备份(&B)", lambda: bk.backup_now(window)),
        "backup_copy": _action(window, "备份到(&T)…", lambda: bk.backup_copy(window)),
        "restore": _action(window, "恢复(&R)…", lambda: bk.restore(window)),
        "data_folder": _action(window, "打开数据文件夹(&F)", lambda: bk.open_data_folder(window)),
        "pdf_fonts": _action(window, "PDF 字体(&P)…", lambda: _font_settings(window)),
    }
    from gui.undo_actions import UndoRouter
    router = UndoRouter(window, doc.undo_stack)  # the focused text field's own undo, else the tables'
    acts["undo"], acts["redo"] = router.undo, router.redo
    acts["fill"] = _action(window, "当前部分空白填 0(&Z)", lambda: _fill_current(window))
    show_prev = _action(window, "显示上年数(&Y)", window.set_show_previous)
    show_prev.setCheckable(True)
    show_prev.setChecked(bool(window.settings.get(keys.SHOW_PREVIOUS)))
    show_prev.setEnabled(bool(doc.previous_values))
    acts["show_previous"] = show_prev
    menu = window.menuBar().addMenu("文件(&F)")
    for name in ("new", "open", None, "save", None, "export_xlsx", "export_pdf", "export_pdf_public", "export_check", None,
                 "finalise", "reopen", None, "backup", None, "quit"):
        if name == "backup":
            backup = menu.addMenu("备份(&K)")
            _roomy(backup)
            for item in ("backup_now", "backup_copy", "restore", None, "data_folder"):
                backup.addAction(acts[item]) if item else backup.addSeparator()
        else:
            menu.addAction(acts[name]) if name else menu.addSeparator()
    menu = window.menuBar().addMenu("编辑(&E)")
    _roomy(menu)
    for name in ("undo", "redo", None, "fill"):
        menu.addAction(acts[name]) if name else menu.addSeparator()
    menu = window.menuBar().addMenu("视图(&V)")
    menu.addAction(show_prev)
    menu.addSeparator()
    titles = ["基本信息"] + [section.title for section in window.document.template.sections]
    for index, title in enumerate(titles):  # Ctrl+1 … Ctrl+7: straight to a part of the report
        go = _action(window, f"转到 {title}", lambda _=False, i=index: window.tabs.setCurrentIndex(i),
                     f"Ctrl+{index + 1}")
        acts[f"tab{index}"] = go
        menu.addAction(go)
    issues = window.issues_panel.toggleViewAction()
    issues.setText("问题清单(&I)")
    issues.setShortcut(QKeySequence("F8"))
    menu.addAction(issues)
    menu = window.menuBar().addMenu("设置(&T)")
    _roomy(menu)
    menu.addAction(acts["pdf_fonts"])
    return acts


def _roomy(menu: QMenu) -> None:
    # A menu without shortcuts is sized to its text alone, and Qt then elides a mixed Chinese/Latin item
    # such as 打开数据文件夹(F) (seen under Xvfb); a minimum width of 14 characters avoids it.
    menu.setMinimumWidth(menu.fontMetrics().horizontalAdvance("国") * 14)


def _font_settings(window: MainWindow) -> None:
    from gui.font_settings_dialog import FontSettingsDialog
    if FontSettingsDialog(window.settings, window).exec():
        window.show_notice("PDF 字体已保存，下次导出时使用")


def _fill_current(window: MainWindow) -> None:
    tab = window.current_section_tab()
    if tab is None or not tab.tables:
        window.show_notice("当前页没有表格")
        return
    n = window.document.fill_blanks(*tab.tables)
    window.show_notice(f"已将 {n} 个空白单元格填为 0")
