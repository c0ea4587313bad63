"""IssuesPanel: every issue grouped by severity and section, 说明 for warnings, and the 定稿 button."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QDockWidget,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from core.template import SEVERITY_LABELS
from gui.document import ReportDocument
from gui.glyph_marks import FONTS, report_glyphs, summary
from gui.note_edit import BLOCKER_LINES, NoteDialog, NoteEdit, box_height

if TYPE_CHECKING:
    from core.checks.validation import Issue

Row = tuple[str, str, str, "Issue | None"]  # key, text, tooltip, issue (None for a heading)


def set_text(label: QLabel, text: str) -> None:
    """Change a label's text only when it differs (a word-wrapped label relayouts the dock otherwise)."""
    if label.text() != text:
        label.setText(text)


ISSUE_ROLE = Qt.ItemDataRole.UserRole + 10
SEVERITY_FG = {"error": QColor("#b71c1c"), "warning": QColor("#8a5a00"), "info": QColor("#1e5aa0")}
SEVERITY_ICON = {"error": "✖", "warning": "⚠", "info": "ℹ"}


class IssuesPanel(QDockWidget):
    """A dock listing the current issues; activating one asks the window to show its cell or sentence."""

    issueActivated = Signal(object)
    finaliseRequested = Signal()

    def __init__(self, document: ReportDocument, parent: QWidget | None = None) -> None:
        super().__init__("问题清单", parent)
        self.setObjectName("issues_panel")
        self.document = document
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        # Characters the PDF would print as empty boxes: not a check of the report, a fact of this computer.
        self.glyph_line = QLabel()
        self.glyph_line.setWordWrap(True)
        self.glyph_line.setStyleSheet("color: #b71c1c;")
        self.glyph_line.setVisible(False)
        self.issue_list = QListWidget()
        # A list (not a tree) because item views only wrap long Chinese lines in list mode with Adjust.
        self.issue_list.setWordWrap(True)
        self.issue_list.setResizeMode(QListView.ResizeMode.Adjust)
        self.issue_list.setUniformItemSizes(False)
        self.issue_list.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.issue_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.issue_list.setSpacing(1)
        self.issue_list.itemActivated.connect(self._on_item_activated)
        self.issue_list.itemClicked.connect(self._on_item_activated)
        self.issue_list.currentItemChanged.connect(self._on_current_changed)
        # The 说明 field takes the dock's whole width and several lines; the button sits below.
        self.note = NoteEdit()
        self.note.setPlaceholderText("选中“需核实”后在此填写说明（回车保存，Shift+回车换行）")
        self.note_button = QPushButton("保存说明(&M)")
        self.note_button.setToolTip("保存对所选“需核实”问题的说明（会打印在勾稽校验单上）")
        self.note_button.clicked.connect(self._save_note)
        self.note.submitted.connect(self._save_note)
        self.wide_note_button = QPushButton("展开(&W)…")
        self.wide_note_button.setToolTip("在大窗口中填写较长的说明")
        self.wide_note_button.clicked.connect(self.edit_note_wide)
        note_row = QHBoxLayout()
        note_row.addWidget(self.wide_note_button)
        note_row.addStretch(1)
        note_row.addWidget(self.note_button)
        carried_row = self._carried_row()
        # Read-only text box, not a QLabel: a wrapped label's new text relayouts the whole main window
        # (a full repaint, ~5 ms per keystroke); a text box keeps its size.
        self.blockers = QPlainTextEdit()
        self.blockers.setReadOnly(True)
        self.blockers.setFrameShape(QFrame.Shape.NoFrame)
        self.blockers.viewport().setAutoFillBackground(False)
        self.blockers.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)  # one line per blocker, elided
        self.blockers.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.blockers.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.blockers.viewport().installEventFilter(self)
        self.blockers.setFixedHeight(box_height(self.blockers, BLOCKER_LINES))
        self.finalise_button = QPushButton("定稿(&D)")
        self.finalise_button.clicked.connect(self.finaliseRequested)
        layout.addWidget(self.summary)
        layout.addWidget(self.glyph_line)
        layout.addWidget(self.issue_list, 1)
        layout.addWidget(self.note)
        layout.addLayout(note_row)
        layout.addWidget(carried_row)
        layout.addWidget(self.blockers)
        layout.addWidget(self.finalise_button)
        self.setWidget(body)
        self._shape: list[tuple[str, bool]] = []
        document.issuesChanged.connect(self.refresh)
        document.textChanged.connect(self.update_glyphs)
        document.metaChanged.connect(self.update_glyphs)
        FONTS.changed.connect(self.update_glyphs)
        document.statusChanged.connect(self._update_finalise)
        document.statusChanged.connect(self._on_status_changed)
        self._on_current_changed(None)  # no 说明 to write until a 需核实 is chosen
        self.refresh()
        self.update_glyphs()

    def update_glyphs(self, *_: object) -> None:
        """Say which characters the PDF cannot print (hidden when all print)."""
        glyphs = report_glyphs(self.document.report)
        set_text(self.glyph_line, summary(glyphs))
        self.glyph_line.setToolTip("\n".join(m.message() for m in glyphs[:20]))
        self.glyph_line.setVisible(bool(glyphs))

    def _carried_row(self) -> QWidget:
        """Buttons that settle carried_total errors by dropping the file's totals (shown only when there are some)."""
        self.carried_box = QWidget()
        row = QHBoxLayout(self.carried_box)
        row.setContentsMargins(0, 0, 0, 0)
        self.accept_button = QPushButton("以分项合计为准(&J)")
        self.accept_button.setToolTip("舍弃文件中带入的这个合计，改用按分项自动计算的合计（可撤销）")
        self.accept_button.clicked.connect(self.accept_current)
        self.accept_all_button = QPushButton("全部以分项合计为准")
        self.accept_all_button.setToolTip("舍弃文件中带入的、与分项不符的全部合计，改用自动计算的合计（一步撤销）")
        self.accept_all_button.clicked.connect(self.accept_all)
        row.addWidget(self.accept_button)
        row.addWidget(self.accept_all_button)
        self.carried_box.setVisible(False)
        return self.carried_box

    def carried_issues(self) -> list[Issue]:
        """The carried_total issues the officer can still settle."""
        return [i for i in self.document.issues if self.document.carried_key(i) is not None]

    def accept_current(self) -> None:
        """以分项合计为准 for the selected issue."""
        issue = self._current_issue()
        if issue is not None and not self.document.read_only:
            self.document.accept_computed([issue])

    def accept_all(self) -> None:
        """全部以分项合计为准: every carried_total issue, one undo step."""
        if not self.document.read_only:
            self.document.accept_computed(self.carried_issues())

    def _update_carried(self) -> None:
        settle = [] if self.document.read_only else self.carried_issues()
        self.carried_box.setVisible(bool(settle))
        current = self._current_issue()
        self.accept_button.setEnabled(current is not None and any(i.fingerprint == current.fingerprint
                                                                  for i in settle))
        self.accept_all_button.setEnabled(bool(settle))

    def refresh(self) -> None:
        """Show the current issues; when only their wording changed (a number typed), update in place."""
        rows = self._rows()
        shape = [(key, issue is None) for key, _text, _tip, issue in rows]
        if shape == self._shape:
            for i, (_key, text, tip, issue) in enumerate(rows):
                item = self.issue_list.item(i)
                if item.text() != text:
                    item.setText(text)
                    item.setToolTip(tip)
                if issue is not None:
                    item.setData(ISSUE_ROLE, issue)
        else:
            self._rebuild(rows)
            self._shape = shape
        errors, warnings = self.document.counts()
        set_text(self.summary, "没有发现问题" if not self.document.issues else
                 f"错误 {errors} 条，未说明的需核实 {warnings} 条")
        self._update_carried()
        self._update_finalise()

    def _rows(self) -> list[Row]:
        """(key, text, tooltip, issue or None for a heading), in display order."""
        sections = {s.id: s.title for s in self.document.template.sections} | {"meta": "基本信息"}
        rows: list[Row] = []
        for severity in ("error", "warning", "info"):
            issues = [i for i in self.document.issues if i.severity == severity]
            if not issues:
                continue
            heading = f"{SEVERITY_ICON[severity]} {SEVERITY_LABELS[severity]}（{len(issues)}）"
            rows.append((severity, heading, "", None))
            for sid, title in sections.items():
                for issue in (i for i in issues if i.section == sid):
                    note = self.document.report.explanations.get(issue.fingerprint, "")
                    extra = f"\n说明：{note}" if note else ""
                    text = f"[{title.split('、')[0]}] {issue.message}{extra}"
                    explained = self.document.is_explained(issue)  # greyed below
                    rows.append((f"{issue.fingerprint}#{explained}", text, f"{title}\n{issue.message}{extra}", issue))
        return rows

    def _rebuild(self, rows: list[Row]) -> None:
        current = self._current_issue()
        self.issue_list.clear()
        bold = QFont(self.issue_list.font())
        bold.setBold(True)
        for key, text, tip, issue in rows:
            item = QListWidgetItem(text)
            if issue is None:
                item.setForeground(QBrush(SEVERITY_FG[key]))
                item.setFont(bold)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled)  # a heading: not selectable
            else:
                item.setData(ISSUE_ROLE, issue)
                item.setToolTip(tip)
                if key.endswith("#True"):  # explained: greyed
                    item.setForeground(QBrush(QColor("#666")))
            self.issue_list.addItem(item)
            if issue is not None and current is not None and issue.fingerprint == current.fingerprint:
                self.issue_list.setCurrentItem(item)

    def issue_items(self) -> list[QListWidgetItem]:
        """The items that stand for an issue (headings left out), in order."""
        items = (self.issue_list.item(i) for i in range(self.issue_list.count()))
        return [item for item in items if item.data(ISSUE_ROLE) is not None]

    def _current_issue(self) -> Issue | None:
        item = self.issue_list.currentItem()
        return item.data(ISSUE_ROLE) if item is not None else None

    def _on_item_activated(self, item: QListWidgetItem) -> None:
        issue = item.data(ISSUE_ROLE)
        if issue is not None:
            self.issueActivated.emit(issue)

    def _on_current_changed(self, item: QListWidgetItem | None, _previous: QListWidgetItem | None = None) -> None:
        issue = item.data(ISSUE_ROLE) if item is not None else None
        can_note = issue is not None and issue.severity == "warning" and not self.document.read_only
        self.note.setEnabled(can_note)
        self.note_button.setEnabled(can_note)
        self.wide_note_button.setEnabled(can_note)
        self.note.setText(self.document.report.explanations.get(issue.fingerprint, "") if issue else "")
        self._update_carried()

    def _on_status_changed(self) -> None:
        # Finalising or reopening changes what the selected issue allows (说明, 以分项合计为准).
        self._on_current_changed(self.issue_list.currentItem())

    def select_issue(self, fingerprint: str) -> bool:
        """Make the issue with this fingerprint the current item."""
        for item in self.issue_items():
            if item.data(ISSUE_ROLE).fingerprint == fingerprint:
                self.issue_list.setCurrentItem(item)
                return True
        return False

    def edit_note_wide(self) -> None:
        """展开: write the 说明 in a window a paragraph wide; 保存说明 there saves it as the button here does."""
        issue = self._current_issue()
        if issue is None or issue.severity != "warning" or self.document.read_only:
            return
        dialog = NoteDialog(issue.message, self.note.text(), self)
        if dialog.exec() == NoteDialog.DialogCode.Accepted:
            self.note.setText(dialog.text())
            self._save_note()

    def _save_note(self) -> None:
        """Store the 说明, say so, and go on to the next warning still without one (typing goes on there)."""
        issue = self._current_issue()
        if issue is None or issue.severity != "warning":
            return
        text = self.note.text().strip()
        if not self.document.explain(issue.fingerprint, text):
            return
        following = self._next_unexplained(issue.fingerprint)
        if not text:
            said = "已清除说明"
        elif following is not None:
            self.issue_list.setCurrentItem(following)
            self.issue_list.scrollToItem(following)
            said = "已保存说明，已转到下一条需核实的问题"
        else:
            said = "已保存说明；需核实的问题均已说明"
        window = self.window()
        if isinstance(window, QMainWindow):
            window.statusBar().showMessage(said, 6000)

    def _next_unexplained(self, fingerprint: str) -> QListWidgetItem | None:
        """The first unexplained warning after the one with this fingerprint (wrapping round), if any."""
        items = self.issue_items()
        start = next((n for n, item in enumerate(items) if item.data(ISSUE_ROLE).fingerprint == fingerprint), -1)
        for item in items[start + 1:] + items[:max(start, 0)]:
            issue = item.data(ISSUE_ROLE)
            if issue.severity == "warning" and not self.document.is_explained(issue):
                return item
        return None

    def _update_finalise(self) -> None:
        if self.document.read_only:
            self._set_blockers(f"已定稿（第 {self.document.report.version} 版），\n只能查看和导出。"
                               if self.document.report.is_final else "数据库文件只读，\n只能查看和导出。")
            self.finalise_button.setEnabled(False)
            return
        blockers = self.document.blockers()
        self.finalise_button.setEnabled(not blockers)
        if blockers:
            pending = [f"{SEVERITY_ICON[i.severity]} {i.message}" for i in self.document.open_issues()]
            shown = [self._one_line(text) for text in (pending or [f"• {b}" for b in blockers])[:3]]
            more = [self._one_line(f"……另有 {len(blockers) - 3} 项，见上方清单")] if len(blockers) > 3 else []
            head = self._one_line(f"还需处理 {len(blockers)} 项才能定稿：")
            self._set_blockers("\n".join([head, *shown, *more]))
            self.blockers.setToolTip("\n".join(blockers))
        else:
            self._set_blockers("可以定稿：没有错误，\n需核实的均已处理或说明。")
            self.blockers.setToolTip("")

    def _one_line(self, text: str) -> str:
        """A blocker cut to the width of the box (the list above and the tooltip have it whole)."""
        width = self.blockers.viewport().width() - 2 * int(self.blockers.document().documentMargin()) - 2
        return self.blockers.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight, max(width, 40))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Cut the blockers again to the box's new width."""
        if watched is self.blockers.viewport() and event.type() == QEvent.Type.Resize:
            self._update_finalise()
        return super().eventFilter(watched, event)

    def _set_blockers(self, text: str) -> None:
        if self.blockers.toPlainText() != text:
            self.blockers.setPlainText(text)
