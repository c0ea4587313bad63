"""The program's Chinese words for a report's status (草稿 / 定稿), a 汇总 unit's status, operating-system and
SQLite errors, and a file that cannot be read.

Every exporter, reader and store says these the same way: the PDF footer and watermark, the workbook's
page marks and 状态 cell, the check report, the 汇总 board (text, workbook, window); a full disk or a locked
database reads alike wherever it happens, and never in the system's English.
"""

from __future__ import annotations

import contextlib
import errno
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from core.report import STATUS_DRAFT, STATUS_FINAL

if TYPE_CHECKING:
    from core.report import Report

# ---- the report's status ------------------------------------------------------------------------------

DRAFT, FINAL = "草稿", "定稿"
STATUS_LABELS = {STATUS_DRAFT: DRAFT, STATUS_FINAL: FINAL}
UNTRUSTED_MARK = "标为定稿但未通过定稿检查，按草稿处理"
# A 定稿 whose content no longer matches its 校验码: how every reader, final_status and the 汇总 board say it.
CHANGED_AFTER_FINAL = f"内容与{FINAL}校验码不符（{FINAL}后被改动过）"


def status_line(report: Report, trusted: bool | None = None) -> str:
    """The status line at the foot of every printed page (``trusted``: core.final_status's verdict on a 定稿)."""
    trusted = report.is_final if trusted is None else trusted
    if trusted:
        return f"第 {report.version} 版 {FINAL} · 校验码 {report.content_hash[:12]}"
    if report.is_final:
        return f"{DRAFT} · 第 {report.version} 版 · {UNTRUSTED_MARK}"
    return f"{DRAFT} · 第 {report.version} 版 · 未{FINAL}"


def status_words(status: str, version: int) -> str:
    """``草稿 第N版`` / ``已定稿 第N版``: a report's state in a list or status bar."""
    return f"{'已' + FINAL if status == STATUS_FINAL else DRAFT} 第{version}版"


# ---- a unit's status on the 汇总 board ----------------------------------------------------------------

# The codes core.aggregate_units gives a unit (kept in a 汇总's sources, core.report.Source.status), and how the
# board text (nianbao sum), the board workbook, the 汇总's own workbook and the window word them.
UNIT_DRAFT = "draft"
UNIT_FINAL = "final"
UNIT_CHANGED = "changed"
UNIT_UNTRUSTED = "untrusted"
UNIT_UNREADABLE = "unreadable"
UNIT_STATUS_LABELS = {
    UNIT_DRAFT: DRAFT,
    UNIT_FINAL: f"{FINAL}（校验码相符）",
    UNIT_CHANGED: f"{FINAL}后被改动",
    UNIT_UNTRUSTED: f"标为{FINAL}但未通过{FINAL}检查",
    UNIT_UNREADABLE: "无法读取",
}
# A unit's agency, year or edition its file did not give, as every board shows it (text, workbook, window).
UNKNOWN_AGENCY = "（机关名称未知）"
UNKNOWN_YEAR = "（年度未知）"
UNKNOWN_EDITION = "（未知）"


# ---- operating-system errors --------------------------------------------------------------------------

# Windows error codes that have no errno of their own (ERROR_SHARING_VIOLATION, ERROR_LOCK_VIOLATION, ...).
_WINERROR = {32: "文件正被其他程序（如 WPS/Excel）打开", 33: "文件正被其他程序（如 WPS/Excel）打开",
             123: "文件名或路径中有不允许的字符", 1920: "无法访问此文件（可能已被安全软件隔离）"}
_ERRNO = {
    errno.ENOENT: "文件不存在",
    errno.EISDIR: "这是一个文件夹",
    errno.ENOTDIR: "路径中有一级不是文件夹",
    errno.ENOSPC: "磁盘空间不足",
    errno.EROFS: "磁盘是只读的（例如 U 盘写保护）",
    errno.EBUSY: "文件正被其他程序占用",
    errno.ETXTBSY: "文件正被其他程序占用",
    errno.ENAMETOOLONG: "文件名或路径过长",
    errno.EINVAL: "文件名或路径中有不允许的字符",
    errno.EIO: "磁盘读写出错（U 盘是否已拔出或损坏？）",
    errno.EMFILE: "同时打开的文件过多",
    errno.ENFILE: "同时打开的文件过多",
    errno.ELOOP: "快捷方式（符号链接）循环指向自身",
    errno.EFBIG: "文件过大",
    errno.EEXIST: "文件已存在",
    errno.EXDEV: "不能跨磁盘移动文件",
}
with contextlib.suppress(AttributeError):  # not on Windows
    _ERRNO[errno.EDQUOT] = "磁盘配额已用完"


def os_reason(exc: OSError, action: str = "读取") -> str:
    """A short Chinese reason for an OS error (never the system's English text); ``action`` is 读取 or 写入."""
    winerror = getattr(exc, "winerror", None)
    if winerror in _WINERROR:
        return _WINERROR[winerror]
    if exc.errno in (errno.EACCES, errno.EPERM) or (exc.errno is None and isinstance(exc, PermissionError)):
        return f"没有{action}权限"
    if exc.errno in _ERRNO:
        return _ERRNO[exc.errno]
    code = exc.errno if exc.errno is not None else winerror
    return f"系统错误（错误码 {code}）" if code is not None else "系统错误"


# ---- SQLite errors ------------------------------------------------------------------------------------

# (a word of SQLite's message, the reason, what to do), first match wins
_SQLITE = (
    ("locked", "数据库正被其他程序占用", "请关闭占用它的程序（例如另一个 nianbao）后再试"),
    ("busy", "数据库正被其他程序占用", "请关闭占用它的程序（例如另一个 nianbao）后再试"),
    ("readonly", "数据库文件或数据文件夹是只读的", "请取消只读属性或检查文件夹权限"),
    ("unable to open", "无法在数据文件夹中读写文件", "请检查文件夹权限、磁盘或网络连接"),
    ("disk i/o", "读写磁盘出错", "请检查磁盘或网络连接"),
    ("full", "磁盘空间不足", "请清理磁盘空间后再试"),
    ("malformed", "数据库文件已损坏", "请从备份恢复"),
    ("not a database", "不是数据库文件或文件已加密/损坏", "请从备份恢复"),
)


def sqlite_reason(exc: sqlite3.Error, *, advice: bool = True) -> str | None:
    """A Chinese reason for a known SQLite error (with what to do unless ``advice`` is False), else None."""
    text = str(exc).lower()
    for needle, reason, todo in _SQLITE:
        if needle in text:
            return f"{reason}，{todo}" if advice else reason
    return None


def sqlite_problem(exc: sqlite3.Error) -> str:
    """Any SQLite error in a few words, without advice: the Chinese reason when known, else SQLite's own text."""
    return sqlite_reason(exc, advice=False) or str(exc)


def unreadable_message(path: Path, message: str, verb: str = "无法读取") -> str:
    """``无法读取“<file>”：<reason>`` (or another ``verb``) from a reader's message, which may or may not name
    the file."""
    path = Path(path)
    return f"{verb}“{path.name or path}”：{unreadable_reason(path, message)}"


def unreadable_reason(path: Path, message: str) -> str:
    """A reader's message without the file's name in front (``“a.pdf”没有文字层`` -> ``没有文字层``), for a
    place that names the file itself: unreadable_message, and the 汇总 board's file column."""
    path = Path(path)
    name = path.name or str(path)
    prefixes = (f"无法读取“{path}”：", f"无法读取“{name}”：", f"{name}：", f"“{name}”：", f"“{name}”")
    stripped = True
    while stripped:  # "a.pdf：“a.pdf”不是有效的 PDF 文件" loses both names; "“a.pdf”的…" keeps its own
        stripped = False
        for prefix in prefixes:
            rest = message[len(prefix):]
            if message.startswith(prefix) and rest and not rest.startswith(("的", "：")):
                message, stripped = rest, True
                break
    return message
