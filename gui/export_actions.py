"""文件 → 导出: ask for a file name (remembering the folder), warn about errors, write atomically."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from core.atomic import ExportError, atomic_write
from core.final_status import is_trusted_final
from gui import settings as keys
from gui.report_window import ReportWindow

if TYPE_CHECKING:
    from core.export.fonts import FontSet
    from core.report import Report

KINDS = {
    "xlsx": ("导出 Excel", "Excel 工作簿 (*.xlsx)", ".xlsx", ""),
    "pdf": ("导出 PDF（内部审批版）", "PDF 文件 (*.pdf)", ".pdf", ""),
    "pdf_public": ("导出 PDF（公开版）", "PDF 文件 (*.pdf)", ".pdf", "（公开版）"),
    "check": ("导出勾稽校验单", "PDF 文件 (*.pdf)", ".pdf", "勾稽校验单"),
    "docx": ("导出 Word", "Word 文档 (*.docx)", ".docx", ""),
    "html": ("导出网页（公开版）", "网页 (*.html)", ".html", ""),
}
PDF_KINDS = ("pdf", "pdf_public", "check")
PUBLIC_KINDS = ("pdf_public", "html")  # the portal's copies: no internal version marks


def proposed_name(report: Report, kind: str) -> str:
    """``<机关名称><年度>年政府信息公开工作年度报告.pdf`` (.xlsx; ``…（公开版）.pdf``; ``…勾稽校验单.pdf``)."""
    _, _, ext, suffix = KINDS[kind]
    name = f"{report.agency}{report.year}年政府信息公开工作年度报告{suffix}{ext}"
    return "".join("_" if ch in '\\/:*?"<>|' else ch for ch in name)


def writer(kind: str, report: Report, previous: Report | None,
           fonts: FontSet | None = None) -> Callable[[BinaryIO], None]:
    """A function writing the chosen export to a binary stream (the core exporters take no Qt objects)."""
    # Imported on the first export for start-up speed: the exporters load openpyxl / reportlab (70–90 ms).
    if kind == "xlsx":
        from core.export.xlsx import write_xlsx
        return lambda stream: write_xlsx(report, stream, previous=previous)
    if kind in ("pdf", "pdf_public"):
        from core.export.pdf import write_pdf
        public = kind == "pdf_public"  # the portal's copy: no internal 第 N 版 · 校验码 line
        return lambda stream: write_pdf(report, stream, previous=previous, fonts=fonts, public=public)
    if kind == "docx":  # the draft for the leader to annotate: internal marks kept
        from core.export.docx import write_docx
        return lambda stream: write_docx(report, stream, previous=previous)
    if kind == "html":  # for the portal's CMS: the 公开版
        from core.export.html import write_html
        return lambda stream: write_html(report, stream, previous=previous, public=True)
    from core.export.check_report import write_check_report
    return lambda stream: write_check_report(report, stream, previous=previous, fonts=fonts)


def pdf_fonts(window: ReportWindow) -> FontSet:
    """The PDF fonts: the ones chosen in 设置 → PDF 字体, else the best installed (core.export.fonts)."""
    from core.export.fonts import find_cjk_fonts  # start-up speed: core.export.fonts loads reportlab (~30 ms)
    return find_cjk_fonts(keys.font_preferences(window.settings))


def export(window: ReportWindow, kind: str) -> Path | None:
    """Run one export from the window; returns the written path, or None when cancelled or failed."""
    window.commit_texts()
    doc = window.document
    title, filt, ext, _ = KINDS[kind]
    errors, _ = doc.counts()
    if errors and QMessageBox.question(
        window, title, f"报告还有 {errors} 个错误，导出的文件将包含这些错误。仍要导出吗？",
    ) != QMessageBox.StandardButton.Yes:
        return None
    if kind in PUBLIC_KINDS and not is_trusted_final(doc.report, doc.previous) and QMessageBox.question(
        window, title, "报告尚未定稿（或定稿未通过校验），公开版的每一页都将带有“草稿”字样。仍要导出吗？",
    ) != QMessageBox.StandardButton.Yes:
        return None
    folder = window.settings.get(keys.EXPORT_DIR) or str(Path.home())
    chosen, _ = QFileDialog.getSaveFileName(window, title, str(Path(folder) / proposed_name(doc.report, kind)), filt)
    if not chosen:
        return None
    path = Path(chosen)
    if path.suffix.lower() != ext:
        path = path.with_name(path.name + ext)
    window.settings.set(keys.EXPORT_DIR, str(path.parent))
    fonts = None
    try:
        fonts = pdf_fonts(window) if kind in PDF_KINDS else None
        atomic_write(path, writer(kind, doc.report, doc.previous, fonts))
    except ExportError as exc:
        QMessageBox.warning(window, title, str(exc))
        return None
    except Exception as exc:  # e.g. no CJK font for the PDF: say so instead of crashing the window
        QMessageBox.warning(window, title, f"导出失败：{exc}")
        return None
    window.statusBar().showMessage(f"已导出：{path}", 8000)
    if fonts is not None and not fonts.embedded:  # STSong-Light: other PCs may show the text differently
        QMessageBox.warning(window, title, fallback_warning(path, fonts))
    elif fonts is not None and fonts.substitutions():
        show_font_note(window, title, path, fonts)
    return path


def fallback_warning(path: Path, fonts: FontSet, shown: int = 10) -> str:
    """The warning after a PDF set in the built-in STSong: why, and each font file skipped and why (as the
    command line's note says), at most ``shown`` of them."""
    skipped = [f"· 已跳过字体文件“{file}”：{reason}" for file, reason in fonts.skipped.items()]
    if len(skipped) > shown:
        skipped[shown:] = [f"· ……另有 {len(skipped) - shown} 个字体文件无法使用"]
    files = "\n".join(skipped) + "\n\n" if skipped else ""
    return f"已导出：{path}\n\n注意：{fonts.warning}。\n\n{files}可在“设置 → PDF 字体”中查看本机字体。"


def show_font_note(window: ReportWindow, title: str, path: Path, fonts: FontSet) -> QMessageBox:
    """A non-blocking note after a PDF export naming each substitute font (仿宋 → 文鼎明体, ...)."""
    old = window.font_note
    if old is not None:  # one note at a time
        old.close()
        old.deleteLater()
    box = QMessageBox(QMessageBox.Icon.Information, title,
                      f"已导出：{path}\n\n{fonts.substitution_note()}\n可在“设置 → PDF 字体”中选择本机字体。",
                      QMessageBox.StandardButton.Ok, window)
    box.setModal(False)
    box.setWindowModality(Qt.WindowModality.NonModal)
    box.setObjectName("exportFontNote")
    box.show()
    window.font_note = box  # keeps the note alive until closed or replaced
    return box
