# PyInstaller run-time hook for PySide6, used instead of PyInstaller's own (build.spec: hookspath; the first
# rthooks.dat to name a module wins). PyInstaller's hook also imports PySide6.QtCore at every start to embed a
# qt.conf, which loads Qt Core, ICU and GLib (40-60 ms) before `nianbao check` or `export` even begins; the
# PySide6 wheels need no qt.conf: Qt finds its prefix from the location of its own library, and the bundle
# keeps the wheel's layout (the self-test loads Qt's translation through QLibraryInfo, which proves the paths).


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
