"""``nianbao import SOURCE [-o OUT.json] [--json]``: read a published report, say what was uncertain."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from core.atomic import ExportError
from core.exit_codes import EXIT_ERRORS, EXIT_OK, EXIT_UNREADABLE
from core.read.report_file import write_report_file
from core.template import AGENCY_KINDS
from core.wording import UNIT_CHANGED, UNKNOWN_AGENCY, unreadable_message
from nianbao.check_file import output_path


def add_import_parser(cmd: argparse.ArgumentParser) -> None:
    """The arguments of ``nianbao import``."""
    cmd.add_argument("source", type=Path, metavar="文件",
                     help="已发布的年报：.docx、.html/.htm、.txt、.pdf（有文字层）或 .xlsx")
    cmd.add_argument("-o", "--output", type=output_path(".json", "年报文件"), metavar="文件",
                     help="把读到的内容写成年报文件（.json）")
    cmd.add_argument("--json", action="store_true", help="以 JSON 输出导入摘要")
    cmd.set_defaults(run=run_import)


def run_import(args: argparse.Namespace) -> int:
    """Import one source; exit 0 when every cell was read with certainty, 1 when some were not, 2 unreadable."""
    # Imported here, not at the top, for speed: core.importers costs 20-45 ms that check/export never need.
    from core.final_status import ChangedAfterFinal
    from core.importers import ImportRefused, import_file

    try:
        result = import_file(args.source)
    except (ImportRefused, ChangedAfterFinal) as exc:  # refused in the reader's words, as ``check`` says it
        if args.json:
            status = {"status": UNIT_CHANGED} if isinstance(exc, ChangedAfterFinal) else {}  # as ``sum --json``
            print(json.dumps({"error": str(exc), **status}, ensure_ascii=False))
        print(unreadable_message(args.source, str(exc), "无法导入"), file=sys.stderr)
        return EXIT_UNREADABLE
    report = result.report
    template = report.template
    fits = template.first_year <= report.year and (template.last_year is None or report.year <= template.last_year)
    if args.output is not None and not fits:
        print(f"未写入“{args.output}”：原文的表格是 {report.edition} 版格式，而 {report.year} 年度应使用另一版格式，"
              "年报文件不能这样保存；请对照原文在新建的报告中填写", file=sys.stderr)
        args.output = None
        result.notes.append("表格版本与年度不符，未写入年报文件")
    if args.output is not None:
        try:
            write_report_file(result.with_uncertain_marked(for_file=True), args.output)
        except (ExportError, OSError, ValueError) as exc:
            print(f"无法写入“{args.output}”：{exc}", file=sys.stderr)
            return EXIT_UNREADABLE
    if args.json:
        print(json.dumps(result.summary(), ensure_ascii=False, indent=1))
    else:
        _print_text(result, args.output)
    return EXIT_OK if result.certain and fits else EXIT_ERRORS


def _print_text(result, output: Path | None) -> None:
    r = result.report
    template = r.template
    kind = AGENCY_KINDS.get(r.meta.get("agency_kind", ""), "未确定")
    print(f"{r.agency or UNKNOWN_AGENCY}　{r.year} 年度　{r.edition} 版格式　机关类型：{kind}")
    print(f"读取单元格 {result.cells_read} 个；文字栏目：{'、'.join(k for k in r.texts) or '无'}")
    for key in result.uncertain:
        shown = result.candidates_text(key) or "无法判断"
        print(f"待核实 {key}（{template.cell_label(key)}）：可能为 {shown}")
    if result.missing:
        print(f"未找到 {len(result.missing)} 个单元格：{'、'.join(result.missing[:10])}"
              + ("……" if len(result.missing) > 10 else ""))
    for note in result.notes:
        print(f"说明：{note}")
    if output is not None:
        print(f"已写入 {output}")
        if result.uncertain:
            print(f"其中 {len(result.uncertain)} 个待核实单元格写为“待核实（原文可能为……）”，不是空白："
                  "打开或校验该文件时会逐个列出，请对照原文填写")
