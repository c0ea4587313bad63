"""The main window's menus and shortcuts (文件 / 编辑 / 视图 / 设置 / 帮助), every item reachable by keyboard."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

from gui import backup_actions as bk
from gui import export_actions as ex
from gui import settings as keys
from gui.aggregate_dialog import run_aggregate
from gui.backup_actions import db_path_of
from gui.report_window import ReportWindow
from gui.settings import font_preferences
from gui.undo_actions import UndoRouter


def _action(window: ReportWindow, text: str, slot: object,
            shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None) -> QAction:
    action = QAction(text, window)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    action.triggered.connect(slot)
    return action


def build_menus(window: ReportWindow) -> dict[str, QAction]:
    """Create the menus; returns the actions by name (tests trigger them)."""
    doc = window.document
    acts: dict[str, QAction] = {
        "new": _action(window, "新建年报(&N)…", window.newRequested.emit, QKeySequence.StandardKey.New),
        "new_from_previous": _action(window, "从上年报告开始(&L)…", lambda: window.importRequested.emit(True)),
        "open": _action(window, "打开 / 年报列表(&O)…", window.openRequested.emit, QKeySequence.StandardKey.Open),
        "import": _action(window, "导入(&I)…", lambda: window.importRequested.emit(False)),
        "save": _action(window, "保存(&S)", window.confirm_saved, QKeySequence.StandardKey.Save),
        "aggregate": _action(window, "汇总(&H)…", lambda: _aggregate(window)),
        "export_xlsx": _action(window, "导出 Excel(&E)…", lambda: ex.export(window, "xlsx")),
        "export_pdf": _action(window, "导出 PDF（内部审批版）(&P)…", lambda: ex.export(window, "pdf"), "Ctrl+P"),
        "export_pdf_public": _action(window, "导出 PDF（公开版）(&G)…", lambda: ex.export(window, "pdf_public")),
        "export_check": _action(window, "导出勾稽校验单(&C)…", lambda: ex.export(window, "check")),
        "export_docx": _action(window, "导出 Word(&W)…", lambda: ex.export(window, "docx")),
        "export_html": _action(window, "导出网页（公开版）(&M)…", lambda: ex.export(window, "html")),
        "finalise": _action(window, "定稿(&D)…", window.finalise),
        "reopen": _action(window, "重新打开(&R)…", window.reopen),
        "quit": _action(window, "退出(&X)", window.close, QKeySequence.StandardKey.Quit),
        "backup_now": _action(window, "立即备份(&B)", lambda: bk.backup_now(window)),
        "backup_copy": _action(window, "备份到(&T)…", lambda: bk.backup_copy(window)),
        "restore": _action(window, "恢复(&R)…", window.restoreRequested.emit),
        "data_folder": _action(window, "打开数据文件夹(&F)", lambda: bk.open_data_folder(window)),
        "pdf_fonts": _action(window, "PDF 字体(&P)…", lambda: _font_settings(window)),
    }
    router = UndoRouter(window, doc.undo_stack)  # the focused text field's own undo, else the tables'
    acts["undo"], acts["redo"] = router.undo, router.redo
    acts["fill"] = _action(window, "当前部分空白填 0(&Z)", lambda: _fill_current(window))
    show_prev = _action(window, "显示上年数(&Y)", window.set_show_previous)
    show_prev.setCheckable(True)
    show_prev.setChecked(bool(window.settings.get(keys.SHOW_PREVIOUS)))
    show_prev.setEnabled(bool(doc.previous_values))
    acts["show_previous"] = show_prev
    menu = window.menuBar().addMenu("文件(&F)")
    for name in ("new", "new_from_previous", "open", "import", "aggregate", None, "save", None,
                 "export_xlsx", "export_pdf", "export_pdf_public", "export_check", "export_docx", "export_html", None,
                 "finalise", "reopen", None, "backup", None, "quit"):
        if name == "backup":
            backup = menu.addMenu("备份(&K)")
            for item in ("backup_now", "backup_copy", "restore", None, "data_folder"):
                backup.addAction(acts[item]) if item else backup.addSeparator()
        else:
            menu.addAction(acts[name]) if name else menu.addSeparator()
    menu = window.menuBar().addMenu("编辑(&E)")
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
    menu.addAction(acts["pdf_fonts"])
    acts["guide"] = _action(window, "用户手册(&U)", lambda: show_guide(window), QKeySequence.StandardKey.HelpContents)
    acts["about"] = _action(window, "关于(&A)…", lambda: show_about(window))
    menu = window.menuBar().addMenu("帮助(&H)")
    menu.addAction(acts["guide"])
    menu.addSeparator()
    menu.addAction(acts["about"])
    for menu in all_menus(window):
        _roomy(menu)
    return acts


def all_menus(window: ReportWindow) -> list[QMenu]:
    """The menus of the menu bar and their submenus (not Qt's own overflow menu)."""
    direct = Qt.FindChildOption.FindDirectChildrenOnly
    shown = window.menuBar().actions()
    tops = [m for m in window.menuBar().findChildren(QMenu, options=direct) if m.menuAction() in shown]
    return [*tops, *(sub for top in tops for sub in top.findChildren(QMenu, options=direct))]


def _roomy(menu: QMenu) -> None:
    """Room for every item's whole text and shortcut, with spare width.

    Qt sizes a menu by its font's metrics, but a mixed Chinese/Latin item drawn with a fallback font can
    come out wider and be elided (当前部分空…0(Z), 转到 五、存在的主要问题及…, seen under Xvfb)."""
    metrics = menu.fontMetrics()
    em = metrics.horizontalAdvance("国")
    widest = max((metrics.horizontalAdvance(a.text().replace("&", "")) + em
                  + metrics.horizontalAdvance(a.shortcut().toString(QKeySequence.SequenceFormat.NativeText))
                  for a in menu.actions() if not a.isSeparator()), default=0)
    menu.setMinimumWidth(max(em * 14, widest + em * 6))  # check mark, gaps and a character's slack per side


def show_guide(window: ReportWindow) -> None:
    """帮助 → 用户手册 (F1): the guide in its own window, raised if already open."""
    from gui.help_window import HelpWindow  # start-up speed: it loads reportlab (core.export.fonts, ~30 ms)
    guide = window.help_window
    if guide is None:
        guide = window.help_window = HelpWindow(window)
    guide.show()
    guide.raise_()
    guide.activateWindow()


def show_about(window: ReportWindow) -> None:
    """帮助 → 关于: version, data folder and the fonts the exports use."""
    from gui.help_window import AboutDialog, about_text  # start-up speed: it loads reportlab (~30 ms)
    db = db_path_of(window)
    AboutDialog(about_text(str(db.parent) if db is not None else "", font_preferences(window.settings)), window).exec()


def _aggregate(window: ReportWindow) -> None:
    run_aggregate(window)


def _font_settings(window: ReportWindow) -> None:
    from gui.font_settings_dialog import FontSettingsDialog  # start-up speed: it loads reportlab (~30 ms)
    if FontSettingsDialog(window.settings, window).exec():
        window.show_notice("PDF 字体已保存，下次导出时使用")


def _fill_current(window: ReportWindow) -> None:
    tab = window.current_section_tab()
    if tab is None or not tab.tables:
        window.show_notice("当前页没有表格")
        return
    n = window.document.fill_blanks(*tab.tables)
    window.show_notice(f"已将 {n} 个空白单元格填为 0")
