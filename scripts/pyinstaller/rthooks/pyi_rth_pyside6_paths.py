# PyInstaller run-time hook for PySide6, used instead of PyInstaller's own (build.spec: hookspath; the first
# rthooks.dat to name a module wins). PyInstaller's hook also imports PySide6.QtCore at every start to embed a
# qt.conf when the bindings have none, which loads Qt Core, ICU and GLib (40-60 ms) before `nianbao check` or
# `export` even begins. The PySide6 wheels register their own qt.conf when QtCore loads (libpyside6; see
# PYSIDE_DISABLE_INTERNAL_QT_CONF), and the bundle keeps the wheel's layout, so nothing is lost by not doing it
# here: the self-test loads Qt's translation through QLibraryInfo, which proves the paths (run it on a Windows
# bundle too: scripts/build.sh does).


def _pyi_rthook():
    import os
    import sys

    qt = os.path.join(sys._MEIPASS, "PySide6") if sys.platform.startswith("win") else \
        os.path.join(sys._MEIPASS, "PySide6", "Qt")
    os.environ["QT_PLUGIN_PATH"] = os.path.join(qt, "plugins")
    if sys.platform.startswith("win"):  # as PyInstaller's hook: DLLs collected beside the program are found
        os.environ["PATH"] = sys._MEIPASS + os.pathsep + os.environ.get("PATH", "")


_pyi_rthook()
del _pyi_rthook
