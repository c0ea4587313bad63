"""CountTableModel: a thin Qt adapter over one TableSpec of the open report."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from core.aggregate import contribution_lines
from core.table_grid import table_grid
from core.values import format_value
from gui.read_only import READ_ONLY_BG, READ_ONLY_HINT

if TYPE_CHECKING:
    from core.template import Cell, TableSpec
    from gui.document import ReportDocument

Index = QModelIndex | QPersistentModelIndex

HEADER_BG = QColor("#e8eef6")
COMPUTED_BG = QColor("#ececec")
SEVERITY_BG = {"error": QColor("#f8c9c9"), "warning": QColor("#fde9b0"), "info": QColor("#dcebfa")}
TALL_SPAN = 10  # rows a group label may span and still be centred beside them
KIND_ROLE = Qt.ItemDataRole.UserRole + 1  # "header" | "input" | "computed" | ""
KEY_ROLE = Qt.ItemDataRole.UserRole + 2
PREVIOUS_ROLE = Qt.ItemDataRole.UserRole + 3


class CountTableModel(QAbstractTableModel):
    """Header cells, row labels and value cells of one table in a single grid (spans are set by the view)."""

    HEADING_SCALE = 0.9  # column headings a little smaller, as in the printed form

    def __init__(self, document: ReportDocument, table: TableSpec, parent: Any = None) -> None:
        super().__init__(parent)
        self.document = document
        self.table = table
        self.grid = table_grid(table)
        self.labels = [cell for cell in self.grid.cells if not cell.is_value]  # the header and label cells
        self._bold = QFont()
        self._bold.setBold(True)
        self._header_font = QFont()
        self._header_font.setPointSizeF(self._header_font.pointSizeF() * self.HEADING_SCALE)
        self._breaks: dict[tuple[int, int], str] = {}  # label text with line breaks between words (set_breaks)
        self._kinds = {(r, c): self._classify(r, c) for r in range(self.grid.rows) for c in range(self.grid.cols)}
        self._flagged: set[str] = self._keys_with_issues()
        # A focus change repaints the whole grid (Qt's item views do): cached answers keep that cheap.
        self._cache: dict[tuple[int, int], dict[int, Any]] = {}
        self._read_only = document.read_only
        document.cellsChanged.connect(self._on_cells_changed)
        document.issuesChanged.connect(self._on_issues_changed)
        document.statusChanged.connect(self._on_status_changed)

    # ---- shape ---------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """Grid rows (0 under a valid parent: this is a flat table)."""
        return 0 if parent.isValid() else self.grid.rows

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """Grid columns."""
        return 0 if parent.isValid() else self.grid.cols

    def key(self, index: Index) -> str | None:
        """The cell key at an index (None outside the value area)."""
        return self._kinds[(index.row(), index.column())][1] if index.isValid() else None

    def index_of(self, key: str) -> QModelIndex:
        """The model index of a cell key of this table."""
        return self.index(*self.grid.position(key))

    def kind(self, index: Index) -> str:
        """What sits at an index: header, input, computed, or "" (covered by a span)."""
        return self._kinds[(index.row(), index.column())][0] if index.isValid() else ""

    def _classify(self, row: int, col: int) -> tuple[str, str | None]:
        cell = self.grid.at(row, col)
        if cell is None:
            return "", None
        if cell.is_value:
            return ("computed" if self.table_cell(cell.key).computed else "input"), cell.key
        return ("header" if (cell.row, cell.col) == (row, col) else ""), None

    def table_cell(self, key: str) -> Cell:
        """The template Cell of a key."""
        return self.document.template.cells[key]

    # ---- data ----------------------------------------------------------------------------

    def flags(self, index: Index) -> Qt.ItemFlag:
        """Inputs are editable unless the report is finalised; totals and labels never are."""
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        kind = self.kind(index)
        base = Qt.ItemFlag.ItemIsEnabled
        if kind in {"input", "computed"}:
            base |= Qt.ItemFlag.ItemIsSelectable
        if kind == "input" and not self.document.read_only:
            base |= Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Dispatch by role to small helpers; answers are cached per cell until the document changes it."""
        if not index.isValid():
            return None
        pos = (index.row(), index.column())
        roles = self._cache.get(pos)
        if roles is None:
            roles = self._cache[pos] = {}
        elif role in roles:
            return roles[role]
        value = roles[role] = self._data(index, int(role))
        return value

    def _data(self, index: Index, role: int) -> Any:
        kind = self.kind(index)
        if role == KIND_ROLE:
            return kind
        if kind == "header":
            return self._header(index, role)
        key = self.key(index)
        if key is None:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return format_value(self.document.value(key))
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole:
            return self._background(key, kind)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(key, kind)
        if role == KEY_ROLE:
            return key
        if role == PREVIOUS_ROLE:
            return format_value(self.document.previous_value(key)) if self.document.previous_values else None
        if role == Qt.ItemDataRole.FontRole and kind == "computed":
            return self._bold
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """Forward the typed text to the document; the view refreshes from its signals."""
        key = self.key(index)
        if role != Qt.ItemDataRole.EditRole or key is None or self.kind(index) != "input":
            return False
        if self.document.read_only:
            return False
        return self.document.set_cell_text(key, value)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Plain numbers (the real headers are drawn inside the grid and the header views are hidden)."""
        if role == Qt.ItemDataRole.DisplayRole:
            return str(section + 1)
        return None

    def set_breaks(self, breaks: dict[tuple[int, int], str]) -> None:
        """Show labels broken into lines between words (the view chooses the breaks for its column widths)."""
        changed = {pos for pos in breaks.keys() | self._breaks.keys() if breaks.get(pos) != self._breaks.get(pos)}
        self._breaks = dict(breaks)
        for row, col in changed:
            self._cache.pop((row, col), None)
            self.dataChanged.emit(self.index(row, col), self.index(row, col), [Qt.ItemDataRole.DisplayRole])

    def label_font(self, row: int) -> QFont | None:
        """The font a label at this grid row is drawn in (None: the view's own)."""
        return self._header_font if row < self.grid.header_rows else None

    # ---- role helpers --------------------------------------------------------------------

    def _header(self, index: Index, role: int) -> Any:
        cell = self.grid.at(index.row(), index.column())
        if cell is None or cell.is_value:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._breaks.get((cell.row, cell.col), cell.text)
        if role == Qt.ItemDataRole.ToolTipRole:
            return cell.text
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(HEADER_BG)
        if role == Qt.ItemDataRole.FontRole and cell.row < self.grid.header_rows:
            return self._header_font
        if role == Qt.ItemDataRole.TextAlignmentRole:
            left = cell.col < self.grid.label_cols and cell.row >= self.grid.header_rows and cell.colspan > 0
            horizontal = Qt.AlignmentFlag.AlignLeft if left and cell.rowspan == 1 else Qt.AlignmentFlag.AlignHCenter
            # A group label beside many rows (三、本年度办理结果) would sit below the first screenful; keep it
            # at the top, where the group starts.
            vertical = Qt.AlignmentFlag.AlignTop if cell.rowspan > TALL_SPAN else Qt.AlignmentFlag.AlignVCenter
            return int(horizontal | vertical)
        return None

    def _background(self, key: str, kind: str) -> QBrush | None:
        issues = self.document.issues_for_cell(key)
        for severity in ("error", "warning", "info"):
            if any(i.severity == severity and not self.document.is_explained(i) for i in issues):
                return QBrush(SEVERITY_BG[severity])
        if kind == "computed":
            return QBrush(COMPUTED_BG)
        if self.document.read_only:
            return QBrush(READ_ONLY_BG)  # a finalised report: nothing to type here, totals stay darker
        return None

    def _tooltip(self, key: str, kind: str) -> str:
        lines = [self.document.template.cell_label(key)]
        if kind == "computed":
            lines.append("自动合计，不能填写")
        elif self.document.read_only:
            lines.append(READ_ONLY_HINT)
        previous = self.document.previous_value(key)
        if self.document.previous_values:
            lines.append(f"上年：{format_value(previous) or '空白'}")
        lines += [f"• {i.message}" for i in self.document.issues_for_cell(key)]
        lines += contribution_lines(self.document.report, key)  # a 汇总 report: each unit's share
        return "\n".join(lines)

    # ---- document signals ----------------------------------------------------------------

    def _keys_with_issues(self) -> set[str]:
        prefix = f"{self.table.id}."
        return {k for i in self.document.issues for k in i.cells if k.startswith(prefix)}

    def _cells_changed(self, keys: set[str], roles: list[int]) -> None:
        """One dataChanged per changed cell: repainting the whole grid per keystroke costs ~10 ms."""
        for key in keys:
            index = self.index_of(key)
            self._cache.pop((index.row(), index.column()), None)
            self.dataChanged.emit(index, index, roles)

    def _on_cells_changed(self, keys: list[str]) -> None:
        prefix = f"{self.table.id}."
        mine = {k for k in keys if k.startswith(prefix) and k in self.document.template.cells}
        if len(mine) > 40:  # a reload or a big paste: one signal for the whole value area
            self._cache.clear()
            top = self.index(self.grid.header_rows, self.grid.label_cols)
            self.dataChanged.emit(top, self.index(self.grid.rows - 1, self.grid.cols - 1), [])
        elif mine:
            self._cells_changed(mine, [])

    def _on_issues_changed(self) -> None:
        flagged = self._keys_with_issues()
        changed = flagged | self._flagged  # explanations may change a colour without changing the set
        self._flagged = flagged
        self._cells_changed(changed, [Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ToolTipRole])

    def _on_status_changed(self) -> None:
        if self.document.read_only != self._read_only:  # finalised or reopened: everything may differ
            self._read_only = self.document.read_only
            self._cache.clear()
            self.dataChanged.emit(self.index(0, 0), self.index(self.grid.rows - 1, self.grid.cols - 1), [])
