"""CountTableView: the official table drawn in one grid, with spreadsheet keys, paste and copy."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtGui import (
    QFocusEvent,
    QGuiApplication,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QPalette,
)
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QAbstractScrollArea,
    QApplication,
    QHeaderView,
    QScrollArea,
    QTableView,
    QToolTip,
    QWidget,
)

from core.report import Batch, SetCell
from core.values import format_value
from gui.read_only import READ_ONLY_HINT, is_edit_attempt
from gui.table import nav as table_nav
from gui.table import paste as table_paste
from gui.table.clipboard_parse import Grid, parse_clipboard, to_tsv
from gui.table.count_delegate import CountDelegate, PreviousYearDelegate
from gui.table.count_table_model import CountTableModel, Index
from gui.table.frozen_header import FrozenHeader
from gui.table.geometry import TableGeometry

_ENSURE = QAbstractItemView.ScrollHint.EnsureVisible
_MOVED = (Qt.FocusReason.MouseFocusReason, Qt.FocusReason.TabFocusReason, Qt.FocusReason.BacktabFocusReason,
          Qt.FocusReason.ShortcutFocusReason, Qt.FocusReason.OtherFocusReason)


class CountTableView(TableGeometry, QTableView):
    """Shows a CountTableModel like the printed form and behaves like a spreadsheet."""

    notice = Signal(str, bool)  # Chinese text, important (show a dialog rather than the status bar)
    columnsFitted = Signal(list)

    def __init__(self, model: CountTableModel, parent: QWidget | None = None, *, scrolling: bool = False) -> None:
        super().__init__(parent)
        self._model = model
        self.setModel(model)
        # scrolling: fill the page and scroll inside, headings frozen on top (a big table on a small screen);
        # otherwise as tall as the whole table, inside the section's scroll area.
        self.scrolling = scrolling
        self.frozen: FrozenHeader | None = None
        self._available: int | None = None  # width offered by the section (None: our own width)
        self._refused_text: str | None = None  # typed text the document just refused (editor reopens)
        self._plain = CountDelegate(self)
        self._with_previous = PreviousYearDelegate(self)
        self.setItemDelegate(self._plain)
        self.horizontalHeader().hide()
        self.verticalHeader().hide()
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.horizontalHeader().setMinimumSectionSize(1)  # fit() decides; Qt's minimum widened a label column
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn if scrolling
                                        else Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setWordWrap(True)
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ContiguousSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.AnyKeyPressed | QAbstractItemView.EditTrigger.EditKeyPressed
                             | QAbstractItemView.EditTrigger.DoubleClicked)
        self.setStyleSheet("QTableView { gridline-color: #9aa5b1; }")
        # Same selection colour while the cell editor or a dialog has the focus; a table the cursor has
        # left keeps no selection at all (focusOutEvent).
        palette = self.palette()
        for role in (QPalette.ColorRole.Highlight, QPalette.ColorRole.HighlightedText):
            palette.setColor(QPalette.ColorGroup.Inactive, role, palette.color(QPalette.ColorGroup.Active, role))
        self.setPalette(palette)
        grid = model.grid
        for cell in model.labels:
            if cell.rowspan > 1 or cell.colspan > 1:
                self.setSpan(cell.row, cell.col, cell.rowspan, cell.colspan)
        model.document.refused.connect(self._on_refused)
        if scrolling and grid.header_rows:
            self.frozen = FrozenHeader(self, grid.header_rows, model.labels)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._on_focus_changed)
        first = self.first_value_index()
        if first.isValid():  # a cursor to start from, without painting a selection in every table
            self.selectionModel().setCurrentIndex(first, QItemSelectionModel.SelectionFlag.NoUpdate)

    # ---- geometry ------------------------------------------------------------------------

    def first_value_index(self) -> QModelIndex:
        """The top-left value cell."""
        return self._model.index(self._model.grid.header_rows, self._model.grid.label_cols)

    def focusInEvent(self, event: QFocusEvent) -> None:
        """Show where the cursor is; repaint only the selection, not the whole grid (Qt repaints
        everything on focus changes; with wrapped header labels that costs ~8 ms after every edit)."""
        QAbstractScrollArea.focusInEvent(self, event)
        self.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled,
                          bool(self.currentIndex().flags() & Qt.ItemFlag.ItemIsEditable))
        if event.reason() in _MOVED and not self.selectionModel().hasSelection() and self.currentIndex().isValid():
            self.selectionModel().select(self.currentIndex(), QItemSelectionModel.SelectionFlag.Select)
        if event.reason() != Qt.FocusReason.MouseFocusReason and self.currentIndex().isValid():
            self.scrollTo(self.currentIndex())  # typing goes there: never into a cell out of sight
        self._update_selection()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        """Leaving for another place in the window drops the selection (the current cell is kept): a
        section shows several tables, and a highlighted cell in each would hide where typing goes.
        The cell editor, a menu or a message box keep it."""
        QAbstractScrollArea.focusOutEvent(self, event)
        focus = self.window().focusWidget()
        if event.reason() in _MOVED and focus is not None and focus is not self and not self.isAncestorOf(focus):
            self.selectionModel().clearSelection()
        self._update_selection()

    def _on_focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        """Another place of this window took the focus, from this table or from its cell editor (which
        focusOutEvent never sees): drop the selection, so only the table typing goes to shows one."""
        if not shiboken6.isValid(self) or new is None or new is self or self.isAncestorOf(new):
            return
        if new.window() is self.window() and self.selectionModel().hasSelection():
            self.selectionModel().clearSelection()
            self._update_selection()

    def _update_selection(self) -> None:
        region = self.visualRegionForSelection(self.selectionModel().selection())
        region += self.visualRect(self.currentIndex())
        self.viewport().update(region)

    # ---- keys ----------------------------------------------------------------------------

    def moveCursor(self, action: QAbstractItemView.CursorAction, modifiers: Qt.KeyboardModifier) -> QModelIndex:
        """Keep the cursor inside the value cells (labels are not places to type); see gui.table.nav."""
        page = max(1, self.viewport().height() // max(self.fontMetrics().height() + 6, 1) - 1)
        return table_nav.target(self._model, self.currentIndex(), action, modifiers, page)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter moves down, Delete clears, Ctrl+C/Ctrl+V copy and paste blocks; digits start editing.
        A key that would edit a cell that cannot be edited says why, and moves nothing (Qt would otherwise
        jump to a cell whose text starts with the typed digit)."""
        if self.state() != QAbstractItemView.State.EditingState:
            if event.matches(QKeySequence.StandardKey.Copy):
                self.copy_selection()
                return
            typing = event.key() == Qt.Key.Key_F2 or (bool(event.text()) and event.text().isprintable())
            # Delete and paste act on the selection, which may hold inputs beside a total: only typing
            # into a total is refused here; a finalised report refuses every edit.
            if is_edit_attempt(event) and self._refuse_edit(computed=typing):
                return
            if event.matches(QKeySequence.StandardKey.Paste):
                self.paste()
                return
            if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
                self.clear_selection()
                return
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._step_down()
                return
        super().keyPressEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        """Double-clicking a cell that cannot be edited says why."""
        index = self.indexAt(event.position().toPoint())
        if index.isValid() and self._model.kind(index) in {"input", "computed"}:
            self.setCurrentIndex(index)
            if self._refuse_edit():
                return
        super().mouseDoubleClickEvent(event)

    def _refuse_edit(self, *, computed: bool = True) -> bool:
        """When the current cell cannot be edited (a finalised report; a total, if ``computed``), show why
        in a tooltip and the status bar and return True."""
        index = self.currentIndex()
        if not index.isValid():
            return False
        kind = self._model.kind(index)
        if self._model.document.read_only:
            text = READ_ONLY_HINT
        elif computed and kind == "computed":
            text = "合计格由程序自动计算，不能填写；请修改它的分项"
        else:
            return False
        rect = self.visualRect(index)
        QToolTip.showText(self.viewport().mapToGlobal(rect.bottomLeft()), text, self)
        self.notice.emit(text, False)
        return True

    def closeEditor(self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:
        """After Enter in an editor, move down like a spreadsheet; after refused input, stay in the cell."""
        refused, self._refused_text = self._refused_text, None
        if refused is not None and hint != QAbstractItemDelegate.EndEditHint.NoHint:
            # Enter or Tab on text the document refused: the editor opens again on the same cell with
            # the typed text selected, to correct or Esc (a click elsewhere just leaves the old value)
            super().closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)
            index = self.currentIndex()
            delegate = self.itemDelegateForIndex(index)
            if isinstance(delegate, CountDelegate):
                delegate.reopen_with = refused
            self.edit(index)
            return
        if hint == QAbstractItemDelegate.EndEditHint.SubmitModelCache:
            super().closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)
            self._step_down()
            return
        super().closeEditor(editor, hint)

    def _step_down(self) -> None:
        """Enter: the next input cell down the column (totals skipped); at the bottom the cursor stays."""
        current = self.currentIndex()
        index = table_nav.input_below(self._model, current.row(), current.column())
        if index is not None:
            self.setCurrentIndex(index)

    # ---- clipboard and bulk edits --------------------------------------------------------

    def _selected_keys(self) -> list[str]:
        keys = [self._model.key(i) for i in self.selectedIndexes()]
        return [k for k in keys if k is not None]

    def clear_selection(self) -> None:
        """Clear the selected input cells in one undo step."""
        doc = self._model.document
        if doc.read_only:
            self._refuse_edit()
            return
        edits = tuple(SetCell(k, None) for k in self._selected_keys()
                      if not doc.template.cells[k].computed and doc.report.cells.get(k) is not None)
        if edits:
            doc.apply(Batch(edits, "清除单元格"))

    def copy_selection(self) -> None:
        """Copy the selected block as tab-separated text (pastes into Excel/WPS)."""
        indexes = self.selectedIndexes()
        if not indexes:
            return
        rows = sorted({i.row() for i in indexes})
        cols = sorted({i.column() for i in indexes})
        grid = [[str(self._model.index(r, c).data() or "") for c in cols] for r in rows]
        QGuiApplication.clipboard().setText(to_tsv(grid))

    def paste(self) -> None:
        """Paste a block from Excel/WPS (TSV) or a web page (HTML table) at the current cell, as one undo step."""
        mime = QGuiApplication.clipboard().mimeData()
        grid = parse_clipboard(mime.text() if mime.hasText() else "", mime.html() if mime.hasHtml() else "")
        self.paste_grid(grid)

    def paste_grid(self, grid: Grid) -> tuple[int, list[str]]:
        """Put a grid of texts into the table from the current cell, or, when it carries the row labels of
        this section's tables (表二 copied from the official template), into every table by label; one undo
        step. Returns (cells changed, what was not pasted)."""
        doc = self._model.document
        if doc.read_only:
            self._refuse_edit()
            return 0, []
        if not grid:
            return 0, []
        section = [t for t in doc.template.tables.values() if t.section == self._model.table.section]
        filled: dict[str, int] = {}
        unknown = 0
        if table_paste.carries_labels(section, grid):
            targets, filled, unknown = table_paste.labelled_targets(doc, section, grid)
        else:
            start = self.currentIndex() if self.currentIndex().isValid() else self.first_value_index()
            targets = self._paste_targets(grid, start)
        result = table_paste.plan(doc, targets)
        result.filled, result.unknown_rows = filled, unknown
        if result.edits:
            doc.apply(Batch(tuple(result.edits), f"粘贴 {len(result.edits)} 个单元格"))
        table_paste.check_totals(doc, result)
        text, important = table_paste.message(result)
        self.notice.emit(text, important)
        outside = [f"表外：{raw}" for raw in result.outside]
        return len(result.edits), result.refused + outside

    def _paste_targets(self, grid: Grid, start: QModelIndex) -> list[table_paste.Target]:
        selected = self.selectedIndexes()
        if len(grid) == 1 and len(grid[0]) == 1 and len(selected) > 1:  # one value fills the selection
            return [table_paste.Target(self._model.key(i), grid[0][0]) for i in selected]
        out = []
        for dr, row in enumerate(grid):
            for dc, raw in enumerate(row):
                index = self._model.index(start.row() + dr, start.column() + dc)
                key = self._model.key(index) if index.isValid() else None
                heading = str(index.data(Qt.ItemDataRole.ToolTipRole) or "") if key is None and index.isValid() else ""
                out.append(table_paste.Target(key, raw, heading or ("标题" if index.isValid() else "")))
        return out

    # ---- feedback ------------------------------------------------------------------------

    def _on_refused(self, key: str, reason: str) -> None:
        if not key.startswith(f"{self._model.table.id}."):
            return
        index = self._model.index_of(key)
        delegate = self.itemDelegateForIndex(index)
        if self.state() == self.State.EditingState and index == self.currentIndex() \
                and isinstance(delegate, CountDelegate):
            self._refused_text = delegate.committed
        rect = self.visualRect(index)
        QToolTip.showText(self.viewport().mapToGlobal(rect.bottomLeft()), reason, self)
        self.notice.emit(f"{self._model.document.template.cell_label(key)}：{reason}（原值保留）", False)

    def model(self) -> CountTableModel:
        """The model shown (always the one the view was made with)."""
        return self._model

    def set_show_previous(self, on: bool) -> None:
        """Draw last year's value in each cell (only when there is a previous report)."""
        self.setItemDelegate(self._with_previous if on else self._plain)
        self.viewport().update()

    @property
    def show_previous(self) -> bool:
        """Whether last year's values are drawn."""
        return self.itemDelegate() is self._with_previous

    def scrollTo(self, index: Index, hint: QAbstractItemView.ScrollHint = _ENSURE) -> None:
        """Scroll so the cell is visible below the frozen headings, not hidden under them; a table drawn
        full height inside the section's scroll area makes that area scroll to the cell instead."""
        super().scrollTo(index, hint)
        if not index.isValid():
            return
        if self.frozen is not None:
            hidden = self.frozen.height_needed - self.visualRect(index).top()
            if hidden > 0:
                self.verticalScrollBar().setValue(self.verticalScrollBar().value() - hidden)
        area = self._outer_scroll_area()
        if area is not None and area.widget() is not None:
            rect = self.visualRect(index)
            centre = self.viewport().mapTo(area.widget(), rect.center())
            area.ensureVisible(centre.x(), centre.y(), rect.width() // 2 + 4, rect.height() // 2 + 4)

    def _outer_scroll_area(self) -> QScrollArea | None:
        parent = self.parentWidget()
        while parent is not None and not isinstance(parent, QScrollArea):
            parent = parent.parentWidget()
        return parent

    def select_key(self, key: str) -> None:
        """Select one cell and scroll it into view."""
        index = self._model.index_of(key)
        self.setCurrentIndex(index)
        self.scrollTo(index)
        self.setFocus()

    def previous_text(self, key: str) -> str:
        """Last year's value as shown (for tests and tooltips)."""
        return format_value(self._model.document.previous_value(key))
