"""Where the cursor of an official table goes on each key: value cells only, reading order, never a label."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView

if TYPE_CHECKING:
    from gui.table.count_table_model import CountTableModel

Nav = QAbstractItemView.CursorAction


def _bounds(model: CountTableModel) -> tuple[int, int, int, int]:
    grid = model.grid
    return grid.header_rows, grid.label_cols, grid.rows - 1, grid.cols - 1


def next_input(model: CountTableModel, row: int, col: int, forward: bool) -> QModelIndex | None:
    """The next input cell after (row, col) in reading order (Tab), or before it (Shift+Tab); totals are
    skipped, a row's end continues on the next row's first input; None past the table's last input."""
    top, left, bottom, right = _bounds(model)
    width = right - left + 1
    start = (row - top) * width + (col - left)
    positions = range(start + 1, (bottom - top + 1) * width) if forward else range(start - 1, -1, -1)
    for p in positions:
        index = model.index(top + p // width, left + p % width)
        if model.kind(index) == "input":
            return index
    return None


def input_below(model: CountTableModel, row: int, col: int) -> QModelIndex | None:
    """The next input cell down the same column (Enter), skipping totals; None at the bottom."""
    _, _, bottom, _ = _bounds(model)
    for r in range(row + 1, bottom + 1):
        index = model.index(r, col)
        if model.kind(index) == "input":
            return index
    return None


def target(model: CountTableModel, current: QModelIndex, action: Nav, modifiers: Qt.KeyboardModifier,
           page_rows: int) -> QModelIndex:
    """The cell a cursor key moves to from ``current``: arrows step over value cells (totals included,
    to read or copy them), Tab and Shift+Tab visit inputs in reading order, Home/End stay in the row,
    Ctrl+Home/Ctrl+End go to the table's corners, Page Up/Down move a screenful in the column."""
    top, left, bottom, right = _bounds(model)
    if not current.isValid() or model.key(current) is None:
        return model.index(top, left)
    row, col = current.row(), current.column()
    ctrl = bool(modifiers & Qt.KeyboardModifier.ControlModifier)
    if action in (Nav.MoveNext, Nav.MovePrevious):
        found = next_input(model, row, col, action == Nav.MoveNext)
        return found if found is not None else current
    moves = {
        Nav.MoveLeft: (row, left if ctrl else col - 1),
        Nav.MoveRight: (row, right if ctrl else col + 1),
        Nav.MoveUp: (top if ctrl else row - 1, col),
        Nav.MoveDown: (bottom if ctrl else row + 1, col),
        Nav.MoveHome: (top if ctrl else row, left),
        Nav.MoveEnd: (bottom if ctrl else row, right),
        Nav.MovePageUp: (row - page_rows, col),
        Nav.MovePageDown: (row + page_rows, col),
    }
    r, c = moves.get(action, (row, col))
    return model.index(min(max(r, top), bottom), min(max(c, left), right))
