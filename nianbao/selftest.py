"""`nianbao --self-test`: the whole chain, end to end, in a temporary data folder, without user input.

Builds a complete 2021-edition report, stores and reloads it, backs it up, validates it, exports
Excel, PDF and the 勾稽校验单, reads them back, and names the Chinese fonts found and embedded.
Prints one Chinese line per step (✓/✗); exit status 0 only when every step worked.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import shutil
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any, TextIO

from core import APP_NAME, __version__
from core.resources import resource_path

Context = dict[str, Any]
Step = tuple[str, Callable[[Context], str]]

OVERVIEW = (
    "2023年，本局认真贯彻落实《中华人民共和国政府信息公开条例》，主动公开、依申请公开、政府信息管理、"
    "平台建设和监督保障各项工作有序推进。全年主动公开政府信息312条，本年新收政府信息公开申请29件，"
    "上年结转3件，予以公开12件，结转下年度继续办理2件。行政复议2件，行政诉讼1件。"
)
PROBLEMS = (
    "一是部分科室对主动公开范围把握不准，信息发布不够及时；二是依申请公开答复文书格式不够统一。"
    "改进措施：2024年将组织两次专题培训，修订依申请公开答复模板，并建立每月通报制度，确保问题整改到位。"
)
OTHER = "本年度未收取信息处理费。无其他需要报告的事项。"


class StepFailed(Exception):
    """A step's check did not hold; the message (Chinese) says what was expected."""


def sample_report() -> Any:
    """A complete, balanced 2021-edition report for 2023 (every column of table 三 adds up)."""
    from core.report import Report
    from core.template import load_template

    template = load_template("2021")
    report = Report.blank(2023, "自检示例市示例区生态环境局", "department")
    report.meta.update({"contact": "王五 010-12345678", "filler": "张三", "reviewer": "李四", "leader": "赵六"})
    for key in template.input_keys():
        report.cells[key] = Decimal("1.25") if template.cells[key].value_kind.type == "decimal" else 0
    report.cells.update({"t2_1.rules.issued": 0, "t2_1.norms.issued": 3, "t2_1.norms.repealed": 1,
                         "t2_1.norms.in_force": 20, "t2_5.license.decisions": 156, "t2_6.penalty.decisions": 48,
                         "t2_6.enforcement.decisions": 2})
    # 一 + 二 = （七）总计 + 四 in each column (自然人: 25 + 3 = 26 + 2; 商业企业: 4 + 0 = 4 + 0).
    report.cells.update({"t3.N.C1": 25, "t3.B.C1": 3, "t3.R1.C1": 10, "t3.R2.C1": 5, "t3.U1.C1": 7,
                         "t3.P2.C1": 3, "t3.O3.C1": 1, "t3.F.C1": 2, "t3.N.C2": 4, "t3.R1.C2": 2, "t3.D4.C2": 2})
    report.cells.update({"t4.cases.rv_upheld": 1, "t4.cases.rv_pending": 1, "t4.cases.ld_corrected": 1})
    report.texts.update({"overview": OVERVIEW, "problems": PROBLEMS, "other": OTHER})
    return report


def _differences(expected: Any, actual: Any) -> list[str]:
    """Where two reports' contents differ, in Chinese (empty when equal)."""
    from core.report import content_dict

    want, got = content_dict(expected), content_dict(actual)
    diffs = []
    for part, label in (("edition", "版本"), ("year", "年度"), ("meta", "基本信息"), ("cells", "单元格"),
                        ("texts", "文字")):
        if isinstance(want[part], dict):
            keys = sorted(k for k in set(want[part]) | set(got[part]) if want[part].get(k) != got[part].get(k))
            diffs += [f"{label} {k}：应为 {want[part].get(k)!r}，读回 {got[part].get(k)!r}" for k in keys]
        elif want[part] != got[part]:
            diffs.append(f"{label}：应为 {want[part]!r}，读回 {got[part]!r}")
    return diffs


def _require(condition: bool, message: str) -> None:
    if not condition:
        raise StepFailed(message)


# ---- the steps ----------------------------------------------------------------------------------


def step_report(ctx: Context) -> str:
    """Load the template and build the sample report."""
    report = sample_report()
    ctx["report"] = report
    return f"2021 版模板，{report.title}，{len(report.cells)} 个填报单元格"


def step_data_folder(ctx: Context) -> str:
    """Resolve a data folder with a Chinese name, create it and take the single-instance lock."""
    from core.datadir import InstanceLockedError, acquire_instance_lock, resolve_data_dir

    data = resolve_data_dir({"NIANBAO_DATA_DIR": str(ctx["root"] / "数据 张三")})
    ctx["data"] = data
    data.ensure()
    ctx["lock"] = acquire_instance_lock(data.path)
    try:
        acquire_instance_lock(data.path).release()
    except InstanceLockedError:
        pass
    else:
        raise StepFailed("同一数据文件夹被锁定两次：单实例保护无效")
    real = resolve_data_dir()  # only reported, never created: the self-test leaves the real data alone
    where = f"正式数据文件夹 {real.path}（{real.reason}{'，位于网络位置，建议改到本机硬盘' if real.network else ''}）"
    return f"{data.path}（日志模式 {data.journal_mode}，单实例锁有效）；{where}"


def step_real_database(ctx: Context) -> str:
    """Check the real data folder's database read-only: integrity, schema version, reports."""
    from core.datadir import resolve_data_dir
    from core.store.selftest_db import DatabaseProblem, inspect_real_database
    try:
        return inspect_real_database(resolve_data_dir().path)
    except (DatabaseProblem, OSError) as exc:
        raise StepFailed(str(exc)) from None


def step_storage(ctx: Context) -> str:
    """Store the report, apply edits, reload it and compare."""
    from core.report import SetCell, SetText, content_hash
    from core.store.storage import Store

    db = ctx["data"].path / "nianbao.sqlite3"  # the name gui/app.py uses
    ctx["db"] = db
    report = ctx["report"]
    store = Store(db, journal=ctx["data"].journal_mode)
    try:
        report_id = store.create(report)
        store.apply(report_id, report, SetText("other", OTHER + "（自检）"))
        store.apply(report_id, report, SetCell("t2_1.norms.in_force", 21))
        loaded = store.load(report_id)
    finally:
        store.close()
    diffs = _differences(report, loaded)
    _require(not diffs, "读回的报告与保存的不一致：" + "；".join(diffs[:3]))
    _require(content_hash(loaded) == content_hash(report), "读回的报告与保存的内容校验码不符")
    return f"{db.name}，保存、修改 2 处、读回一致"


def step_backup(ctx: Context) -> str:
    """Back the database up online, check the copy and find it again."""
    from core.store.backups import check_database, make_backup, newest_good_backup

    folder = ctx["data"].path / "backups"
    copy = make_backup(ctx["db"], folder)
    health = check_database(copy)
    _require(health.ok, f"备份文件检查未通过：{health.message}")
    newest = newest_good_backup(folder)
    _require(newest is not None and newest.path == copy, "找不到刚做的备份")
    return f"{copy.name}（{copy.stat().st_size // 1024} KB，完整性检查通过）"


def step_validate(ctx: Context) -> str:
    """Run every check rule: the sample report must have no errors."""
    from core.checks.validation import validate

    issues = validate(ctx["report"])
    errors = [i for i in issues if i.severity == "error"]
    _require(not errors, "示例报告不应有错误，却有：" + "；".join(i.message for i in errors[:3]))
    warnings = sum(1 for i in issues if i.severity == "warning")
    return f"0 个错误，{warnings} 个提醒"


def step_fonts(ctx: Context) -> str:
    """Find the Chinese TrueType fonts and register them for the PDF."""
    from core.export.fonts import find_cjk_fonts

    fonts = find_cjk_fonts()
    ctx["fonts"] = fonts
    _require(fonts.embedded, fonts.warning or "没有可嵌入的中文字体")
    described = fonts.describe()
    distinct = sorted(set(described.values()))
    return "；".join(distinct) + f"（{len(described)} 种用途）"


def step_xlsx(ctx: Context) -> str:
    """Write the workbook and read it back: the same report."""
    from core.export.xlsx import write_xlsx
    from core.read.xlsx_import import read_workbook

    path = ctx["root"] / "导出" / "年度报告.xlsx"
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as stream:
        write_xlsx(ctx["report"], stream)
    _require(path.read_bytes()[:4] == b"PK\x03\x04", "生成的文件不是 xlsx（ZIP）格式")
    diffs = _differences(ctx["report"], read_workbook(path))
    _require(not diffs, "Excel 读回与原报告不一致：" + "；".join(diffs[:3]))
    return f"{path.name}（{path.stat().st_size // 1024} KB），读回一致"


def _check_pdf(path: Path) -> str:
    data = path.read_bytes()
    _require(data.startswith(b"%PDF-"), f"{path.name} 不是 PDF 文件")
    _require(data.rstrip().endswith(b"%%EOF"), f"{path.name} 不完整（缺少文件结尾）")
    _require(len(data) > 10_000, f"{path.name} 太小（{len(data)} 字节），内容可能缺失")
    embedded = data.count(b"/FontFile2")
    _require(embedded > 0, f"{path.name} 没有嵌入字体，其他电脑上中文可能无法显示")
    return f"{path.name}（{len(data) // 1024} KB，{pdf_pages(data)} 页，嵌入字体 {embedded} 个）"


def pdf_pages(data: bytes) -> int:
    """Page objects in a PDF written by reportlab (which uses no compressed object streams)."""
    return data.count(b"/Type /Page") - data.count(b"/Type /Pages")


def step_pdf(ctx: Context) -> str:
    """Write the report PDF with embedded fonts."""
    from core.export.pdf import write_pdf

    path = ctx["root"] / "导出" / "年度报告.pdf"
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as stream:
        write_pdf(ctx["report"], stream, fonts=ctx.get("fonts"))
    detail = _check_pdf(path)
    ctx["report_pages"] = pdf_pages(path.read_bytes())
    return detail


def step_check_report(ctx: Context) -> str:
    """Write the PDF with the 勾稽校验单."""
    from core.export.pdf import write_pdf

    path = ctx["root"] / "导出" / "勾稽校验单.pdf"
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as stream:
        write_pdf(ctx["report"], stream, check_report=True, fonts=ctx.get("fonts"))
    detail = _check_pdf(path)
    pages, report_pages = pdf_pages(path.read_bytes()), ctx.get("report_pages", 0)
    _require(pages > report_pages, f"勾稽校验单没有附在报告之后（{pages} 页，报告本身 {report_pages} 页）")
    return detail


def step_qt(ctx: Context) -> str:
    """Start Qt without a window, load its Chinese translation and the window's modules (proves the install is
    complete: a wheel or bundle missing one of them fails here)."""
    from PySide6 import QtCore as qt_core  # here: `--self-test --no-gui` needs no Qt
    from PySide6 import QtWidgets as qt_widgets

    import gui.session  # noqa: F401  (imports the main window and everything it shows)

    headless = sys.platform.startswith("linux") and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    if headless and not os.environ.get("QT_QPA_PLATFORM"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # no display: a missing one would abort the process
    app = qt_widgets.QApplication.instance() or qt_widgets.QApplication([APP_NAME])
    ctx["qt_app"] = app
    folder = qt_core.QLibraryInfo.path(qt_core.QLibraryInfo.LibraryPath.TranslationsPath)
    translator = qt_core.QTranslator()
    _require(translator.load("qtbase_zh_CN", folder), f"找不到 Qt 中文翻译 qtbase_zh_CN.qm（{folder}）")
    own = resource_path("translations")
    _require(qt_core.QTranslator().load("nianbao_zh_CN", str(own)), f"找不到本程序的界面翻译 nianbao_zh_CN.qm（{own}）")
    if sys.platform.startswith("linux"):  # Qt's own ICU, cut down in the bundle (scripts/trim_icu.py)
        collator = qt_core.QCollator(qt_core.QLocale("zh_CN"))
        _require(collator.compare("北京", "上海") < 0, "Qt 的中文排序数据（ICU）不全：文件名不能按拼音排序")
    return f"Qt {qt_core.qVersion()}，平台 {qt_widgets.QApplication.platformName()}，中文翻译已加载"


STEPS: list[Step] = [
    ("模板与示例报告", step_report),
    ("数据文件夹", step_data_folder),
    ("正式数据库", step_real_database),
    ("数据库保存与读回", step_storage),
    ("数据库备份", step_backup),
    ("勾稽校验", step_validate),
    ("中文字体", step_fonts),
    ("导出 Excel", step_xlsx),
    ("导出 PDF", step_pdf),
    ("导出勾稽校验单", step_check_report),
    ("界面组件（Qt）", step_qt),
]


# ---- running --------------------------------------------------------------------------------------


def _marks(out: TextIO) -> tuple[str, str]:
    """✓/✗ where the console can show them (a GBK console cannot), else ASCII."""
    try:
        "✓✗".encode(getattr(out, "encoding", None) or "utf-8")
    except (LookupError, UnicodeEncodeError):
        return "[OK]", "[X]"
    return "✓", "✗"


def run_steps(steps: list[Step], root: Path, out: TextIO, *, verbose: bool = False) -> int:
    """Run the steps in order; a failed step does not stop the others. Returns the number of failures."""
    ok_mark, bad_mark = _marks(out)
    ctx: Context = {"root": root}
    failures = 0
    try:
        for label, step in steps:
            started = time.perf_counter()
            try:
                detail = step(ctx)
                mark = ok_mark
            except Exception as exc:  # every failure becomes a ✗ line, never a crash
                failures += 1
                mark, detail = bad_mark, _explain(exc)
                if verbose:
                    traceback.print_exc(file=out)
            elapsed = time.perf_counter() - started
            print(f"{mark} {label}：{detail}（{elapsed:.2f} 秒）", file=out, flush=True)
    finally:
        lock = ctx.get("lock")
        if lock is not None:
            lock.release()
    return failures


def _explain(exc: BaseException) -> str:
    from core.atomic import ExportError
    from core.datadir import DataDirError

    if isinstance(exc, (StepFailed, DataDirError, ExportError)):  # their messages are Chinese already
        return str(exc)
    if isinstance(exc, KeyError) and exc.args and exc.args[0] in {"report", "data", "db", "fonts"}:
        return "前面的步骤失败，无法进行"
    if isinstance(exc, ImportError):
        return f"程序模块缺失：{exc.name or exc}（安装可能不完整）"
    return f"{type(exc).__name__}：{exc}"


def main(argv: list[str] | None = None, out: TextIO | None = None) -> int:
    """Run the self-test; 0 when every step worked, 1 otherwise."""
    parser = argparse.ArgumentParser(prog=f"{APP_NAME} --self-test", description="自检：在临时文件夹中完整走一遍流程")
    parser.add_argument("--keep", action="store_true", help="保留临时文件夹（便于查看导出的文件）")
    parser.add_argument("--no-gui", action="store_true", help="不检查界面组件（Qt）")
    parser.add_argument("--verbose", action="store_true", help="失败时打印详细错误")
    args, unknown = parser.parse_known_args([a for a in (argv or []) if a != "--self-test"])
    windowed = out is None and sys.stdout is None  # nianbao.exe (windowed) on Windows has no console
    out = out or sys.stdout or io.StringIO()
    with contextlib.suppress(AttributeError, ValueError):
        out.reconfigure(errors="replace")  # type: ignore[union-attr]
    steps = [s for s in STEPS if not (args.no_gui and s[1] is step_qt)]
    print(f"{APP_NAME} {__version__} 自检开始", file=out, flush=True)
    if unknown:
        print(f"忽略无法识别的参数：{' '.join(unknown)}（可用：--keep --no-gui --verbose）", file=out, flush=True)
    root = Path(tempfile.mkdtemp(prefix=f"{APP_NAME}-自检-"))
    started = time.perf_counter()
    try:
        failures = run_steps(steps, root, out, verbose=args.verbose)
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)
    total = time.perf_counter() - started
    summary = "自检通过" if not failures else f"自检未通过：{failures} 项失败"
    kept = f"，文件保留在 {root}" if args.keep else ""
    print(f"{summary}（共 {len(steps)} 项，用时 {total:.1f} 秒{kept}）", file=out, flush=True)
    if windowed and isinstance(out, io.StringIO):
        show_result(out.getvalue(), not failures)
    return 0 if not failures else 1


def _show_in_window(text: str, passed: bool) -> None:
    """The result where there is no console: a message box, else a text file in the temporary folder."""
    try:
        from PySide6 import QtWidgets as qt_widgets

        app = qt_widgets.QApplication.instance() or qt_widgets.QApplication([APP_NAME])  # noqa: F841
        box = qt_widgets.QMessageBox
        (box.information if passed else box.critical)(None, f"{APP_NAME} 自检", text)
    except Exception:  # no Qt at all: the text goes where IT can find it
        with contextlib.suppress(OSError):
            Path(tempfile.gettempdir(), f"{APP_NAME}-自检结果.txt").write_text(text, encoding="utf-8")


# Replaced in tests; shows the summary when the windowed program was started with --self-test.
show_result: Callable[[str, bool], None] = _show_in_window


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
