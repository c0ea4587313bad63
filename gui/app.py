"""main(): the QApplication, Chinese translations and font, the data folder, the store and the window."""

from __future__ import annotations

import sys
import threading
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, Qt, QTimer, QTranslator
from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from core import APP_NAME, APP_TITLE, __version__
from core.datadir import (
    UNLOCKED_WARNING,
    DataDirError,
    InstanceLockedError,
    acquire_instance_lock,
    resolve_data_dir,
)
from core.exit_codes import EXIT_NOT_STARTED, EXIT_OK
from core.report import ReportFileError
from core.resources import resource_path
from core.store.leftovers import clean_stale_files
from core.store.storage import Store
from gui.glyph_marks import FONTS
from gui.session import Session
from gui.settings import Settings, font_preferences
from gui.startup_checks import DB_NAME, BackupScheduler, announce, backup_dir_of, recover_database

PDF_WARM_UP_MS = 1500  # after the window is shown: see warm_up_pdf_export
# Installed translators must stay referenced, or Qt silently stops using them.
_TRANSLATORS: list[QTranslator] = []
CJK_FAMILIES = ("Microsoft YaHei UI", "Microsoft YaHei", "微软雅黑", "PingFang SC", "Noto Sans CJK SC",
                "Source Han Sans SC", "WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "SimSun", "宋体", "AR PL UMing CN")


def data_folder() -> tuple[Path, str, str]:
    """The data folder, its SQLite journal mode and a warning (the one place that decides where data lives)."""
    resolved = resolve_data_dir()
    return resolved.ensure(), resolved.journal_mode, resolved.warning


def install_translators(app: QApplication) -> list[QTranslator]:
    """Load Qt's own Chinese strings (standard buttons, context menus, file dialogs), then nianbao's catalogue.

    The one installed last is asked first: nianbao_zh_CN fills Qt's gaps and words 撤销 as the menus do.
    """
    qt_folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for name, folder in (("qtbase_zh_CN", qt_folder), ("nianbao_zh_CN", str(resource_path("translations")))):
        translator = QTranslator(app)
        if translator.load(name, folder):
            app.installTranslator(translator)
            _TRANSLATORS.append(translator)
    return _TRANSLATORS


def choose_font(app: QApplication) -> QFont:
    """A CJK-capable UI font at a readable size."""
    families = set(QFontDatabase.families())
    font = app.font()
    for family in CJK_FAMILIES:
        if family in families:
            font = QFont(family)
            break
    font.setPointSizeF(max(font.pointSizeF(), 10.0))
    app.setFont(font)
    return font


def make_app(argv: list[str]) -> QApplication:
    """The QApplication with names, icon, locale, translators and font."""
    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else APP_NAME, *argv])
    assert isinstance(app, QApplication)
    app.setOrganizationName(APP_NAME)
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_TITLE)
    app.setApplicationVersion(__version__)
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    icon = resource_path("icons", "app.png")
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    install_translators(app)
    choose_font(app)
    return app


def open_store(folder: Path, journal: str) -> Store:
    """The report database in the data folder (rollback journal on a network folder: WAL needs local memory)."""
    return Store(folder / DB_NAME, journal=journal)


def run_event_loop(app: QApplication) -> int:
    """Qt's event loop until the last window closes (tests replace this)."""
    return app.exec()


def main(argv: list[str], path: Path | None = None) -> int:
    """Start the window (showing the report in ``path`` if given); returns the process exit code."""
    if QApplication.instance() is None:  # must precede the QApplication; PassThrough is Qt 6's default anyway
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
    app = make_app(argv)
    try:
        folder, journal, warning = data_folder()
        lock = acquire_instance_lock(folder)
    except InstanceLockedError as exc:
        QMessageBox.information(None, APP_TITLE, str(exc))
        return EXIT_NOT_STARTED
    except DataDirError as exc:  # its message names the folder, the reason and what to do
        QMessageBox.critical(None, APP_TITLE, str(exc))
        return EXIT_NOT_STARTED
    except Exception as exc:  # a clear message instead of a traceback the officer cannot act on
        QMessageBox.critical(None, APP_TITLE, f"无法使用数据文件夹：{exc}")
        return EXIT_NOT_STARTED
    if not lock.enforced:  # a file system without locks: say so rather than promise what is not kept
        warning = "\n".join(w for w in (warning, UNLOCKED_WARNING) if w)
    with lock:
        return run_with_store(app, folder, journal, warning, path)


def run_with_store(app: QApplication, folder: Path, journal: str, warning: str, path: Path | None = None) -> int:
    """Check and back up the database, open it, show the last report and run until the window closes."""
    db = folder / DB_NAME
    clean_stale_files(folder, backup_dir_of(db))  # the lock is held: temporary files here are a dead process's
    if not recover_database(db):
        return EXIT_NOT_STARTED
    notes: list[str] = []
    scheduler = BackupScheduler(db, notes.append)
    scheduler.run(on_start=True)  # before the store opens: a schema upgrade then has a backup to go back to
    try:
        store = open_store(folder, journal)
    except Exception as exc:  # StoreError says which file and why; nothing was changed
        text = str(exc) if str(exc).startswith("无法打开数据库") else f"无法打开数据库：{exc}"
        QMessageBox.critical(None, APP_TITLE, f"{text}\n\n程序将退出，数据未做任何改动。")
        return EXIT_NOT_STARTED
    settings = Settings()
    session = Session(store, settings, journal)
    code = EXIT_OK
    if open_file(session, path) if path is not None else session.start():
        announce(session.window, settings, notes, warning, folder)
        scheduler.notify = lambda text: status_message(session, text)
        scheduler.start()
        QTimer.singleShot(PDF_WARM_UP_MS, lambda: warm_up_pdf_export(settings))
        code = run_event_loop(app)
    scheduler.timer.stop()
    session.store.close()  # the session's store: a restore may have replaced the one opened here
    return code


def open_file(session: Session, path: Path) -> bool:
    """``nianbao FILE``: the report file (or any importable file) read into the store and shown; if it cannot be,
    the reason, then the usual start. False if nothing opened."""
    notes: list[str] = []
    try:
        report_id = session.import_file(path, notes)
    except (ReportFileError, ValueError) as exc:
        QMessageBox.warning(None, APP_TITLE, f"无法打开“{path.name}”：{exc}")
        return bool(session.start())
    if session.open_report(report_id) is None:
        return False
    if notes:
        QMessageBox.information(session.window, APP_TITLE, f"已导入“{path.name}”：\n" + "\n".join(notes))
    return True


def warm_up_pdf_export(settings: Settings) -> threading.Thread:
    """Import the PDF exporter and register the PDF fonts in a background thread once the window is up.

    Start-up does not import reportlab (for speed); this spares the first 导出 PDF the ~0.3 s of imports and
    font registration. Pure Python, no Qt objects; core.export.fonts serialises registration with an export.
    """
    preferences = font_preferences(settings)  # read here: the settings object belongs to this thread

    def work() -> None:
        import core.export.pdf  # noqa: F401  (reportlab and the exporter's modules)
        from core.export.fonts import find_cjk_fonts
        FONTS.set_fonts(find_cjk_fonts(preferences))  # the window now marks characters no font has

    thread = threading.Thread(target=work, name="pdf-warm-up")
    thread.start()
    return thread


def status_message(session: Session, text: str) -> None:
    """A message in the status bar of whatever window the session shows now."""
    if session.window is not None:
        session.window.statusBar().showMessage(text, 10000)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
