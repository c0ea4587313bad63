"""The ``nianbao`` command: the window without arguments or with one file to open, else cells / new / check /
export / import / --self-test.

Qt is imported only when the window starts, and the exporters only by the commands that need them, so batch
checking starts fast on any machine.
"""

from __future__ import annotations

import argparse
import codecs
import contextlib
import errno
import json
import os
import re
import sys
from collections.abc import Iterator, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from core import APP_NAME, APP_TITLE, __version__
from core.atomic import ExportError
from core.exit_codes import EXIT_ERRORS, EXIT_INTERRUPTED, EXIT_OK, EXIT_UNREADABLE
from core.new_report import carry_pairs, new_report
from core.read.read_any import read_any_report
from core.read.report_file import write_report_file
from core.report import Report, ReportFileError
from core.template import AGENCY_KINDS, Template, TextField, earliest_year, edition_for_year, editions, load_template
from core.wording import unreadable_message
from nianbao.check_file import output_path
from nianbao.cli_check import EXPORT_SUFFIXES, EXPORT_WHAT, run_check, run_export
from nianbao.cli_import import add_import_parser
from nianbao.cli_sum import register as register_sum

# argparse's own words, in Chinese (it looks them up through its module-level ``_`` at run time).
_ARGPARSE_ZH = {
    "usage: ": "用法：",
    "positional arguments": "位置参数",
    "options": "选项",
    "show this help message and exit": "显示本帮助并退出",
    "show program's version number and exit": "显示版本号并退出",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的选项：%(value)r（可选：%(choices)s）",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
    "expected one argument": "需要一个参数值",
    "invalid %(type)s value: %(value)r": "无效的%(type)s值：%(value)r",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "expected at least one argument": "至少需要一个参数值",
    "expected at most one argument": "最多只能有一个参数值",
    "ambiguous option: %(option)s could match %(matches)s": "选项 %(option)s 不明确，可能是：%(matches)s",
    "ignored explicit argument %r": "此选项不接受参数值：%r",
    "unexpected option string %s": "意外的选项 %s",
}


@contextlib.contextmanager
def _chinese_argparse() -> Iterator[None]:
    original = argparse._  # type: ignore[attr-defined]
    argparse._ = lambda text: _ARGPARSE_ZH.get(text, original(text))  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._ = original  # type: ignore[attr-defined]


ENV_ENCODING = "NIANBAO_ENCODING"


def configure_output(streams: Sequence[Any] | None = None, env: Mapping[str, str] = os.environ) -> None:
    """Make printing never fail, whatever the console or file behind stdout/stderr (the policy, see README).

    * A console (a Windows console, a Linux terminal) keeps its own encoding: Windows writes the console in
      UTF-16 whatever its code page (cp936); a GBK terminal gets GBK.
    * Output redirected to a file or a pipe (``nianbao-cli check *.json > out.txt``) is UTF-8, as the JSON
      of ``--json`` must be, and Notepad and WPS open it; Python would use the ANSI code page (GBK) or
      whatever PYTHONIOENCODING says.
    * ``NIANBAO_ENCODING=gbk`` chooses the encoding of both, e.g. for ``| findstr`` in a cmd window.

    Errors never raise: a character the encoding lacks (𠀀 or an emoji in GBK, ✖ in ASCII) or an undecodable
    Linux file name prints as ``?``.
    """
    forced = env.get(ENV_ENCODING, "").strip()
    if forced:
        try:
            forced = codecs.lookup(forced).name
        except LookupError:
            forced = ""
    for stream in (sys.stdout, sys.stderr) if streams is None else streams:
        if stream is None or not hasattr(stream, "reconfigure"):  # the windowed program has no stdout
            continue
        encoding = forced or (None if _is_console(stream) else "utf-8")
        with contextlib.suppress(AttributeError, ValueError, LookupError, OSError):
            if encoding is None:
                stream.reconfigure(errors="replace")
            else:
                stream.reconfigure(encoding=encoding, errors="replace")


def _is_console(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError, OSError):
        return False


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``nianbao`` console script."""
    args = list(sys.argv[1:] if argv is None else argv)
    configure_output()
    if not args or _file_to_open(args):
        return _start_window(args)
    if _file_not_found(args):
        return EXIT_UNREADABLE
    if "--self-test" in args:
        from nianbao import selftest  # here, for speed: 3-4 ms every other command does not need

        return selftest.main(args)
    with _chinese_argparse():
        parser = build_parser()
        try:
            options = parser.parse_args(args)
        except SystemExit as exc:  # --help (0) or a usage error (2)
            return int(exc.code or 0)
    try:
        return int(options.run(options))
    except KeyboardInterrupt:
        print("\n已中断", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as exc:
        if isinstance(exc, OSError) and _reader_left(exc):
            with contextlib.suppress(OSError):
                sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 (silences the exit-time flush)
            return EXIT_OK
        if os.environ.get("NIANBAO_DEBUG"):
            raise
        # a bug: one Chinese line instead of a traceback (NIANBAO_DEBUG=1 shows it)
        print(f"程序内部错误，请把此信息反馈给开发者（技术信息：{type(exc).__name__}；"
              "设置环境变量 NIANBAO_DEBUG=1 后重新运行可看到详细信息）", file=sys.stderr)
        return EXIT_ERRORS


def _reader_left(exc: OSError) -> bool:
    """Whether writing the output failed because its reader went away (``nianbao cells | head``, or
    quitting ``| more`` early): not an error. POSIX raises BrokenPipeError; Windows raises EINVAL, which
    also means other things (a bad file name), so it counts only when stdout itself can no longer be
    flushed."""
    if isinstance(exc, BrokenPipeError):
        return True
    if sys.platform == "win32" and exc.errno == errno.EINVAL:
        try:
            sys.stdout.flush()
        except OSError:
            return True
    return False


_COMMANDS = ("cells", "new", "check", "export", "import", "sum")  # the subcommands build_parser adds


def _file_to_open(args: list[str]) -> bool:
    """``nianbao FILE``: one existing file (a report file or any importable one) to open in the window."""
    return len(args) == 1 and args[0] not in _COMMANDS and not args[0].startswith("-") and Path(args[0]).is_file()


def _file_not_found(args: list[str]) -> bool:
    """``nianbao 年报.docx`` for a file that is not there: said as such, not as an unknown command."""
    if len(args) == 1 and args[0] not in _COMMANDS and not args[0].startswith("-") and Path(args[0]).suffix:
        print(f"无法打开“{args[0]}”：找不到该文件（请检查文件夹和文件名）；运行 nianbao --help 查看用法",
              file=sys.stderr)
        return True
    return False


def _start_window(args: list[str]) -> int:
    """The window (Qt is imported only now), opening the file in ``args`` if one is given."""
    try:
        from gui.app import main as gui_main
    except ImportError as exc:  # a system library Qt needs (libGL, libEGL) is missing
        print(f"无法启动窗口：{_missing_library(exc)}；命令行功能仍可使用（nianbao --help）", file=sys.stderr)
        return EXIT_ERRORS
    return int(gui_main([], Path(args[0])) if args else gui_main([]))


def _missing_library(exc: ImportError) -> str:
    """The system library a failed import names (``libEGL.so.1: cannot open shared object file``), in Chinese."""
    match = re.match(r"\s*([\w.+-]+\.(?:so[\w.]*|dll|dylib))\b", str(exc), re.IGNORECASE)
    if match:
        return f"缺少系统组件 {match.group(1)}，请安装后重试"
    return "缺少系统组件或组件不完整，请重新安装本程序"


def build_parser() -> argparse.ArgumentParser:
    """The command-line parser (Chinese help)."""
    parser = argparse.ArgumentParser(
        prog=APP_NAME, description=f"{APP_TITLE}。不带参数运行时打开窗口；nianbao 文件：在窗口中打开该文件。",
        epilog="自检：nianbao --self-test")
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}", help="显示版本号并退出")
    sub = parser.add_subparsers(metavar="<命令>", required=True)
    _add_cells(sub.add_parser("cells", help="列出报告格式的全部单元格与文字栏目",
                              description="列出报告格式的全部单元格与文字栏目"))
    _add_new(sub.add_parser("new", help="新建空白年报文件",
                            description="新建空白年报文件（.json）。退出码：0 已新建；2 未新建（参数有误、"
                                        "上一年度报告无法读取或文件无法写入）。"))
    _add_check(sub.add_parser("check", help="校验年报文件（.json、.xlsx，或可导入的文件）",
                              description="校验年报文件。退出码：0 无错误；1 有错误；2 有文件无法读取。"))
    _add_export(sub.add_parser("export", help="导出为 .json、.xlsx、.pdf、.docx 或 .html",
                               description="把年报文件导出为 .json、.xlsx、.pdf、Word（.docx）或网页（.html）。"
                                           "退出码：0 已导出且无错误；1 已导出，但报告有错误；2 未导出（文件无法读取、"
                                           "输出文件无法写入或扩展名不对），未写入任何文件。"))
    add_import_parser(sub.add_parser("import", help="导入已发布的年报（Word、网页、文本、PDF、Excel）",
                               description="导入已发布的年报。退出码：0 全部读取无疑；1 有待核实或未找到的单元格；"
                                           "2 文件无法读取。"))
    register_sum(sub)
    return parser


def _add_cells(cmd: argparse.ArgumentParser) -> None:
    newest = editions()[0]
    cmd.add_argument("--edition", choices=editions(), default=newest, help=f"格式版本（默认 {newest}）")
    cmd.add_argument("--json", action="store_true", help="以 JSON 输出")
    cmd.set_defaults(run=cmd_cells)


def _add_new(cmd: argparse.ArgumentParser) -> None:
    cmd.add_argument("--year", type=_year, required=True, metavar="年度", help="报告年度，如 2024")
    cmd.add_argument("--agency", metavar="名称", help="机关名称（有 --previous 时默认沿用上一年度报告的）")
    cmd.add_argument("--edition", choices=editions(), help="格式版本（默认按年度确定）")
    cmd.add_argument("--kind", choices=list(AGENCY_KINDS),
                     help="机关类型（默认沿用上一年度报告的，没有时按机关名称推断）："
                          + "，".join(f"{k}={v}" for k, v in AGENCY_KINDS.items()))
    cmd.add_argument("--previous", type=Path, metavar="文件",
                     help="上一年度的年报文件：沿用其机关、联系人和文字（作为草稿），"
                          "据其“结转下年度继续办理”填写“上年结转”")
    cmd.add_argument("-o", "--output", type=output_path(".json", "年报文件"), required=True, metavar="文件",
                     help="要写入的年报文件（.json）")
    cmd.set_defaults(run=cmd_new)


def _year(text: str) -> int:
    """A report year as typed on the command line (argparse shows the Chinese reason)."""
    try:
        return int(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"年度应为四位数字的年份，如 2024，当前为“{text}”") from None


def _add_check(cmd: argparse.ArgumentParser) -> None:
    cmd.add_argument("files", nargs="+", type=Path, metavar="文件",
                     help="年报文件（.json、.xlsx，或 .docx、.html、.txt、.pdf 等可导入的文件），可多个")
    cmd.add_argument("--previous", type=Path, metavar="文件",
                     help="上一年度的年报文件，用于跨年度核对（不指定时，在所给文件中找同一机关上一年度的报告）")
    cmd.add_argument("--json", action="store_true",
                     help="以 JSON 输出问题清单（无法读取的文件各列为一项：rule 为 READ，severity 为 error）")
    cmd.set_defaults(run=cmd_check)


def _add_export(cmd: argparse.ArgumentParser) -> None:
    cmd.add_argument("file", type=Path, metavar="文件", help="年报文件（.json、.xlsx，或可导入的文件）")
    cmd.add_argument("--to", type=output_path(EXPORT_SUFFIXES, EXPORT_WHAT), required=True, metavar="输出文件",
                     help="输出文件，按扩展名决定格式")
    cmd.add_argument("--check-report", action="store_true", help="PDF 后附勾稽校验单")
    cmd.add_argument("--public", action="store_true",
                     help="公开版（供网站发布）：PDF 页脚不印“第 N 版 定稿 · 校验码”，不附勾稽校验单；"
                          "Word/网页不含版本号和校验码")
    cmd.add_argument("--previous", type=Path, metavar="文件", help="上一年度的年报文件（用于校验单的跨年度核对）")
    cmd.set_defaults(run=cmd_export)


# ---- cells ------------------------------------------------------------------------------------------


def value_type(cell_kind: Any) -> str:
    """``count`` (whole ≥ 0), ``signed`` (whole, may be negative) or ``amount`` (decimal) for a ValueKind."""
    if cell_kind.type == "decimal":
        return "amount"
    return "count" if cell_kind.min is not None and cell_kind.min >= 0 else "signed"


def cell_catalogue(template: Template) -> list[dict[str, str]]:
    """Every table cell and narrative field of an edition, in template order, with their labels."""
    out: list[dict[str, str]] = []
    for section in template.sections:
        where = {"section": section.heading, "section_number": section.number}
        for item in section.items:
            if isinstance(item, TextField):
                out.append({"key": item.key, **where, "kind": "text"})
                continue
            for cell in item.cells:
                out.append({"key": cell.key, **where, "table": item.title,
                            "row": "/".join(p for p in cell.row_path if p), "column": "/".join(cell.column_path),
                            "kind": "computed" if cell.computed else "input",
                            "value": value_type(cell.value_kind)})
    return out


_KIND_ZH = {"input": "填报", "computed": "自动合计", "text": "文字"}
_VALUE_ZH = {"count": "件数", "signed": "增减数", "amount": "金额"}


def cmd_cells(args: argparse.Namespace) -> int:
    """``nianbao cells``."""
    template = load_template(args.edition)
    entries = cell_catalogue(template)
    if args.json:
        print(json.dumps(entries, ensure_ascii=False, indent=2))
        return EXIT_OK
    print(f"{template.name}（{args.edition} 版）：{sum(e['kind'] != 'text' for e in entries)} 个单元格")
    heading = table = None
    for e in entries:
        if e["section"] != heading:
            heading = e["section"]
            print(f"\n{e['section_number']}、{heading}")
        if e["kind"] == "text":
            print(f"  {e['key']:<24} [文字栏目]")
            continue
        if e["table"] != table:
            table = e["table"]
            print(f"  〔{table}〕")
        label = " / ".join(x for x in (e["row"], e["column"]) if x)
        print(f"  {e['key']:<24} {_KIND_ZH[e['kind']]:<4} {_VALUE_ZH[e['value']]:<3} {label}")
    return EXIT_OK


# ---- new --------------------------------------------------------------------------------------------


def _edition_for(year: int) -> str:
    try:
        return edition_for_year(year)
    except ValueError:
        return "（无）"


def new_problem(year: int, agency: str, edition: str | None = None, today: date | None = None) -> str | None:
    """Why ``nianbao new`` cannot make this report (Chinese), or None."""
    if not agency.strip():
        return "机关名称不能为空（报告标题为“<机关名称><年度>年政府信息公开工作年度报告”），例如 --agency 某某县教育局"
    if any(ch in agency for ch in "\r\n\t") or not agency.isprintable():
        return "机关名称中不能有换行、制表符等控制字符"
    latest = (today or date.today()).year + 1
    first = earliest_year()
    if not first <= year <= latest:
        return f"年度 {year} 不在可填报的范围内（{first}–{latest} 年；统一格式自 {first} 年度起施行）"
    if edition is not None and edition != _edition_for(year):
        return f"{year} 年不适用 {edition} 版格式，应使用 {_edition_for(year)} 版"
    return None


def cmd_new(args: argparse.Namespace) -> int:
    """``nianbao new``."""
    try:
        previous = read_any_report(args.previous) if args.previous else None
    except ReportFileError as exc:
        print(f"无法新建：上一年度报告{unreadable_message(args.previous, str(exc))}", file=sys.stderr)
        return EXIT_UNREADABLE
    agency = args.agency if args.agency is not None else previous.agency if previous is not None else ""
    problem = new_problem(args.year, agency, args.edition)
    if problem is None and os.path.lexists(args.output) and not args.output.is_dir():  # a folder: atomic_write says
        problem = f"“{args.output}”已存在，为免覆盖其中已填写的内容，请换一个文件名或先移走该文件"
    if problem is not None:
        print(f"无法新建：{problem}", file=sys.stderr)
        return EXIT_UNREADABLE
    try:
        report = new_report(args.year, agency, args.kind, args.edition, previous)
    except ValueError as exc:
        print(f"无法新建：{exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    if previous is not None and previous.agency.strip() != report.agency:
        print(f"提示：上一年度报告的机关名称为“{previous.agency}”，与“{report.agency}”不同", file=sys.stderr)
    try:
        write_report_file(report, args.output)
    except ExportError as exc:
        print(f"无法写入：{exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    print(f"已新建 {report.title}（{report.edition} 版）：{args.output}{_taken_over(report, previous)}")
    return EXIT_OK


def _taken_over(report: Report, previous: Report | None) -> str:
    """What came from last year's report, for the confirmation line."""
    if previous is None:
        return ""
    carried = sum(1 for key, _ in carry_pairs(report.template) if key in report.cells)
    texts = f"；沿用上年度文字 {len(report.texts)} 栏作为草稿，请按本年度情况改写" if report.texts else ""
    return f"，已从上年度结转 {carried} 项{texts}"


def cmd_check(args: argparse.Namespace) -> int:
    """``nianbao check``."""
    return run_check(args.files, args.previous, as_json=args.json)


def cmd_export(args: argparse.Namespace) -> int:
    """``nianbao export``."""
    return run_export(args.file, args.to, check_report=args.check_report, previous=args.previous,
                      public=args.public)
