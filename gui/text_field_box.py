"""TextFieldBox: guidance, the narrative editor, a live character count and the field's issues."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from core.template import SEVERITY_LABELS
from gui.document import ReportDocument
from gui.narrative_edit import NarrativeEdit

GUIDANCE_STYLE = "color: #4a5560; background: #f3f6f9; border-left: 3px solid #8aa4c0; padding: 6px;"


def char_count(text: str) -> int:
    """Characters as a reviewer counts them (white space not counted)."""
    return sum(1 for ch in text if not ch.isspace())


class TextFieldBox(QWidget):
    """One narrative field of a section, with what the format asks for shown above it."""

    def __init__(self, document: ReportDocument, key: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.field = document.template.texts[key]
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        guidance = QLabel(f"填写要求：{self.field.guidance}")
        guidance.setWordWrap(True)
        guidance.setStyleSheet(GUIDANCE_STYLE)
        guidance.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.editor = NarrativeEdit(document, key)
        self.counter = QLabel()
        self.counter.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.issue_list = QListWidget()
        self.issue_list.setMaximumHeight(90)
        self.issue_list.setWordWrap(True)
        self.issue_list.itemActivated.connect(self._on_issue_activated)
        self.issue_list.itemClicked.connect(self._on_issue_activated)
        layout.addWidget(guidance)
        layout.addWidget(self.editor, 1)
        layout.addWidget(self.counter)
        layout.addWidget(self.issue_list)
        self.editor.textChanged.connect(self._update_counter)
        document.issuesChanged.connect(self._update_issues)
        self._update_counter()
        self._update_issues()

    def _update_counter(self) -> None:
        n = char_count(self.editor.toPlainText())
        limit = self.field.max_chars
        if limit:
            over = n > limit
            self.counter.setText(f"已输入 {n} 字 / 上限约 {limit} 字" + ("（已超出）" if over else ""))
            self.counter.setStyleSheet("color: #c62828; font-weight: bold;" if over else "color: #555;")
        else:
            self.counter.setText(f"已输入 {n} 字")

    def _update_issues(self) -> None:
        self.issue_list.clear()
        issues = self.document.issues_for_field(self.field.key)
        for issue in issues:
            mark = "（已说明）" if self.document.is_explained(issue) else ""
            item = QListWidgetItem(f"【{SEVERITY_LABELS.get(issue.severity, issue.severity)}】{issue.message}{mark}")
            item.setData(Qt.ItemDataRole.UserRole, issue.span)
            self.issue_list.addItem(item)
        self.issue_list.setVisible(bool(issues))

    def _on_issue_activated(self, item: QListWidgetItem) -> None:
        self.editor.select_span(item.data(Qt.ItemDataRole.UserRole))
