"""``nianbao sum FILES_OR_FOLDERS... -o OUT.json``: check the units' reports and write their 汇总 report.

Exit codes: 0 written, every unit summed without errors; 1 written, but some units have errors (left
out, or summed with ``--include-errors``); 2 refused (another year or edition, the same agency twice,
an unreadable file, nothing to sum, a file that cannot be written) — then nothing is written.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
from pathlib import Path
from typing import Any

from core.exit_codes import EXIT_ERRORS, EXIT_OK, EXIT_UNREADABLE
from nianbao.check_file import output_path


def register(subparsers: Any) -> None:
    """Add the ``sum`` subcommand to the command line's subparsers."""
    cmd = subparsers.add_parser(
        "sum", help="汇总各单位的年报（检查并生成汇总报告）",
        description="汇总各单位的年报：逐个检查，再把各单位表格逐格相加生成汇总报告。"
                    "退出码：0 已汇总且各单位均无错误；1 已汇总，但有单位存在错误；"
                    "2 拒绝汇总（年度或格式不一、同一单位重复、文件无法读取），未写入任何文件。")
    cmd.add_argument("inputs", nargs="+", type=Path, metavar="文件或文件夹",
                     help="各单位的年报：年报文件（.json）、工作簿（.xlsx）、Word（.docx）、网页、文本或 PDF；"
                          "文件夹中的这些文件都会读取")
    cmd.add_argument("-o", "--output", type=output_path(".json", "汇总报告（年报文件）"), required=True,
                     metavar="OUT.json", help="汇总报告（年报文件 .json）")
    cmd.add_argument("--agency", default="", metavar="机关名称",
                     help="汇总报告的机关名称（默认：各单位中唯一的“县级以上地方人民政府”）")
    cmd.add_argument("--xlsx", type=output_path(".xlsx", "汇总工作簿"), metavar="BOARD.xlsx",
                     help="另存汇总工作簿（.xlsx）：各单位状态、分单位明细和汇总表格")
    cmd.add_argument("--include-errors", action="store_true", help="有错误的单位也汇总（默认不汇总）")
    cmd.add_argument("--json", action="store_true", help="以 JSON 输出各单位状态")
    cmd.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Read, check and sum the units; write the 汇总 report (and the board workbook) or refuse."""
    from core.aggregate import AggregateRefused, Board, aggregate

    outputs = [args.output] + ([args.xlsx] if args.xlsx else [])  # a rerun must not sum its own last output
    board = Board.read(args.inputs, include_errors=args.include_errors, skip=outputs)
    if not board.units:
        return _refuse(args, board, "未找到任何单位的年报文件")
    problems = board.refusals()
    agency = args.agency.strip() or board.default_agency()
    if not agency and not problems:
        problems = ["无法确定汇总报告的机关名称：各单位中没有唯一的“县级以上地方人民政府”，请用 --agency 指定"]
    if problems:
        return _refuse(args, board, "\n".join(problems))
    try:
        report = aggregate(board, agency)
        _write(board, report, args)
    except AggregateRefused as exc:
        return _refuse(args, board, str(exc))
    except OSError as exc:  # core.atomic.ExportError included: its message is Chinese
        return _refuse(args, board, str(exc))
    summed = len(report.cells)
    if args.json:
        print(json.dumps({"sources": _sources(board), "cells_summed": summed, "out": str(args.output)},
                         ensure_ascii=False, indent=1))
    else:
        _print_board(board)
        print(f"已汇总 {len(report.sources)} 个单位（有数的单元格 {summed} 个），写入 {args.output}"
              + (f"；汇总工作簿 {args.xlsx}" if args.xlsx else ""))
    return EXIT_ERRORS if any(u.errors for u in board.units) else EXIT_OK


def _write(board: Any, report: Any, args: argparse.Namespace) -> None:
    """The board workbook (if asked) and the report file, each atomically; the workbook is built first."""
    from core.atomic import ExportError, atomic_write
    from core.read.report_file import write_report_file

    for target in (args.output, args.xlsx):  # both folders first: never one file written and the other refused
        if target is not None and not Path(target).resolve().parent.is_dir():
            raise ExportError(f"“{Path(target).parent}”文件夹不存在，未写入“{Path(target).name}”")
    if args.xlsx is not None:
        from core.export.board_xlsx import write_board_xlsx

        buffer = io.BytesIO()
        write_board_xlsx(board, report, buffer)
        atomic_write(args.xlsx, lambda stream: stream.write(buffer.getvalue()))
    write_report_file(report, args.output)


def _sources(board: Any) -> list[dict[str, Any]]:
    """The ``--json`` record of each unit (status: draft, final, changed, untrusted or unreadable)."""
    return [{"file": str(u.path), "agency": u.agency, "year": u.year, "edition": u.edition, "status": u.status,
             "errors": len(u.errors), "warnings": len(u.warnings), "included": u.included(board.include_errors)}
            for u in board.units]


def _refuse(args: argparse.Namespace, board: Any, message: str) -> int:
    if args.json:
        print(json.dumps({"error": message, "sources": _sources(board), "cells_summed": 0, "out": None},
                         ensure_ascii=False, indent=1))
    else:
        _print_board(board)
    print(f"未汇总，未写入任何文件：\n{message}", file=sys.stderr)
    return EXIT_UNREADABLE


def _print_board(board: Any) -> None:
    from core.wording import UNIT_STATUS_LABELS, UNKNOWN_AGENCY, UNKNOWN_YEAR

    for unit in board.units:
        mark = "汇总" if unit.included(board.include_errors) else "不汇总"
        year = f"{unit.year} 年度" if unit.year else UNKNOWN_YEAR
        counts = f"　错误 {len(unit.errors)}　未说明 {len(unit.warnings)}" if unit.readable else ""  # not checked
        line = f"[{mark}] {unit.path.name}　{unit.agency or UNKNOWN_AGENCY}　{year}　{UNIT_STATUS_LABELS[unit.status]}"
        line += counts
        reason = unit.reason(board.include_errors)
        print(line + (f"　{reason}" if reason else ""))
