"""NarrativeEdit: a plain-text editor for one narrative field that commits to the document as the officer types."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QMimeData, Qt, QTimer
from PySide6.QtGui import (
    QColor,
    QFocusEvent,
    QHelpEvent,
    QKeyEvent,
    QKeySequence,
    QTextCharFormat,
    QTextCursor,
    QTextFormat,
)
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit, QToolTip, QWidget

from core.preface import default_text, text_of
from core.report import SetText
from gui.document import ReportDocument
from gui.glyph_marks import FONTS, tip, unprintable_positions
from gui.read_only import is_edit_attempt, set_read_only_look, show_hint

DEBOUNCE_MS = 300
GLYPH_COLOUR = QColor("#c62828")  # a character the PDF prints as an empty box
def utf16_len(text: str) -> int:
    """The length of ``text`` as Qt counts it."""
    return len(text.encode("utf-16-le")) // 2


SEVERITY_COLOUR = {"error": QColor("#c62828"), "warning": QColor("#e69500"), "info": QColor("#1e88e5")}


def _mark(cursor: QTextCursor, fmt: QTextCharFormat) -> QTextEdit.ExtraSelection:
    """An extra selection drawing this span in this format."""
    sel = QTextEdit.ExtraSelection()
    sel.cursor, sel.format = cursor, fmt  # type: ignore[attr-defined]  # PySide6's stub omits both fields
    return sel


def _parts(sel: QTextEdit.ExtraSelection) -> tuple[QTextCursor, QTextCharFormat]:
    """An extra selection's span and format."""
    return sel.cursor, sel.format  # type: ignore[attr-defined]  # PySide6's stub omits both fields


class NarrativeEdit(QPlainTextEdit):
    """Keeps Qt's own text undo; sends SetText on a short debounce and on focus-out so nothing is lost."""

    def __init__(self, document: ReportDocument, key: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document_ = document
        self.key = key
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.commit)
        self.setPlaceholderText(document.template.texts[key].placeholder)
        self.setTabChangesFocus(True)
        self.setPlainText(text_of(document.report, key))  # a 前言 not yet edited shows its default
        self.textChanged.connect(self._timer.start)
        document.textChanged.connect(self._on_text_changed)
        document.metaChanged.connect(lambda _key: self._on_text_changed(self.key))  # a default follows 基本信息
        document.issuesChanged.connect(self.mark_issues)
        document.statusChanged.connect(self._on_status_changed)
        FONTS.changed.connect(self.mark_issues)  # the PDF fonts became known after start-up
        self._on_status_changed()
        self.mark_issues()

    def commit(self) -> None:
        """Store the text if it differs from the document's, then mark the current issues afresh.

        Marks are cursors that Qt moves with each edit; an edit and its undo can leave one where no
        issue is (a deleted start does not come back), so they are redrawn from the checked spans."""
        self._timer.stop()
        text = self.toPlainText()
        report = self.document_.report
        if text != text_of(report, self.key) and not self.document_.read_only:
            if not text and default_text(report, self.key) and (self.hasFocus() or self.key not in report.texts):
                if not self.hasFocus():  # emptied: back to the default once the officer leaves
                    self.setPlainText(text_of(report, self.key))
            else:
                self.document_.apply(SetText(self.key, text))
        self.mark_issues()

    def undo(self) -> None:
        """Undo in this field (编辑 → 撤销 while it has the focus); checked and marked at once."""
        super().undo()
        self.commit()

    def redo(self) -> None:
        """Redo in this field; checked and marked at once."""
        super().redo()
        self.commit()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        """Commit at once when the officer leaves the field."""
        self.commit()
        super().focusOutEvent(event)

    def insertFromMimeData(self, source: QMimeData) -> None:
        """Paste as plain text only (Word/WPS formatting and images are dropped)."""
        if source.hasText():
            self.insertPlainText(source.text().replace("\r\n", "\n").replace("\x0b", "\n"))

    def select_span(self, span: tuple[int, int] | None) -> None:
        """Place the cursor on a character range (an issue's sentence) and show it."""
        cursor = self.textCursor()
        if span is not None:
            start, end = (min(max(0, x), len(self.toPlainText())) for x in span)
            cursor.setPosition(start)
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)
        self.ensureCursorVisible()
        self.setFocus()

    def mark_issues(self) -> None:
        """Underline the sentences that the current issues point at (wavy, coloured by severity), and box
        the characters no font can print in the PDF."""
        selections = []
        text = self.toPlainText()
        length = len(text)
        for issue in self.document_.issues_for_field(self.key):
            if issue.span is None or self.document_.is_explained(issue):
                continue
            fmt = QTextCharFormat()
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
            fmt.setUnderlineColor(SEVERITY_COLOUR.get(issue.severity, QColor("gray")))
            fmt.setProperty(QTextFormat.Property.FullWidthSelection, False)
            fmt.setToolTip(issue.message)
            cursor = QTextCursor(self.document())
            cursor.setPosition(min(issue.span[0], length))
            cursor.setPosition(min(issue.span[1], length), QTextCursor.MoveMode.KeepAnchor)
            selections.append(_mark(cursor, fmt))
        selections += [self._glyph_mark(text, pos) for pos in unprintable_positions(text)]
        self.setExtraSelections(selections)

    def _glyph_mark(self, text: str, pos: int) -> QTextEdit.ExtraSelection:
        fmt = QTextCharFormat()
        fmt.setBackground(QColor("#f8c9c9"))
        fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
        fmt.setUnderlineColor(GLYPH_COLOUR)
        fmt.setToolTip(tip(text[pos]))
        start = utf16_len(text[:pos])  # Qt counts UTF-16 units: 𰻞 (beyond U+FFFF) is two
        cursor = QTextCursor(self.document())
        cursor.setPosition(start)
        cursor.setPosition(start + utf16_len(text[pos]), QTextCursor.MoveMode.KeepAnchor)
        return _mark(cursor, fmt)

    def viewportEvent(self, event: QEvent) -> bool:
        """Hovering a mark shows what it says (Qt shows no tooltip of an extra selection by itself)."""
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            pos = self.cursorForPosition(event.pos()).position()
            tips = [fmt.toolTip() for cursor, fmt in map(_parts, self.extraSelections())
                    if cursor.selectionStart() <= pos <= cursor.selectionEnd() and fmt.toolTip()]
            if tips:
                QToolTip.showText(event.globalPos(), "\n".join(dict.fromkeys(tips)), self)
            else:
                QToolTip.hideText()
            return True
        return super().viewportEvent(event)

    def _on_text_changed(self, key: str) -> None:
        if key != self.key:
            return
        text = text_of(self.document_.report, key)
        if text != self.toPlainText():  # an outside change (reopen, import): never while the officer types
            self.setPlainText(text)  # the debounce that follows finds nothing to store
            self._timer.stop()
        self.mark_issues()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """In a finalised report a key that would change the text says why instead of doing nothing."""
        if self.isReadOnly() and is_edit_attempt(event, enter=True):
            show_hint(self, self.cursorRect().bottomLeft())
            return
        super().keyPressEvent(event)
        if any(event.matches(k) for k in (QKeySequence.StandardKey.Undo, QKeySequence.StandardKey.Redo)):
            self.commit()  # the marks follow the text back at once, not after the typing pause

    def _on_status_changed(self, *_: Any) -> None:
        read_only = self.document_.read_only
        self.setReadOnly(read_only)
        set_read_only_look(self, read_only)
        if read_only:  # still selectable and copyable with mouse and keyboard, like a page in a viewer
            self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                         | Qt.TextInteractionFlag.TextSelectableByKeyboard)
