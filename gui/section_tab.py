"""SectionTab: one part of the report built from the template (narrative fields and official tables)."""

from __future__ import annotations

import html

from PySide6.QtCore import QCoreApplication, QEvent, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from core.template import Section, TableSpec
from gui.document import ReportDocument
from gui.table.balance_bar import BalanceBar
from gui.table.balance_model import BalanceModel
from gui.table.count_table_model import CountTableModel
from gui.table.count_table_view import CountTableView
from gui.table.remaining import balance_of
from gui.text_field_box import GUIDANCE_STYLE, TextFieldBox

TALL_TABLE_ROWS = 10  # more value rows than fit under the headings on a 720-pixel screen scroll inside


class SectionTab(QWidget):
    """All items of one section, in template order."""

    notice = Signal(str, bool)

    def __init__(self, document: ReportDocument, section: Section, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.section = section
        self.tables: dict[str, CountTableView] = {}
        self.texts: dict[str, TextFieldBox] = {}
        self._fill_buttons: list[QPushButton] = []
        self.scroll_area: QScrollArea | None = None
        outer = QVBoxLayout(self)
        outer.setContentsMargins(4, 4, 4, 4)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(6, 6, 6, 6)
        # The full heading as printed (the tab shows the template's short name), with the section's
        # guidance in the same box: one line less above a table on a 720-pixel screen.
        self.heading = QLabel()
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        guidance = f"　填写要求：{html.escape(section.guidance)}" if section.guidance else ""
        self.heading.setText(f"<b>{html.escape(section.title)}</b>{guidance}")
        self.heading.setWordWrap(True)
        # Alone (一、五、六: the field below has its own guidance box) the heading is a plain title line.
        self.heading.setStyleSheet(GUIDANCE_STYLE if section.guidance else "padding: 2px 6px 0 6px;")
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.heading)
        # A section that is one tall table (三) gets a table that scrolls inside with frozen headings;
        # other sections (四's one-row table among them) scroll as a whole, with no scroll bar to spare.
        self.single = (len(section.tables) == 1 and not section.texts
                       and len(section.tables[0].row_leaves()) > TALL_TABLE_ROWS)
        for item in section.items:
            if isinstance(item, TableSpec):
                layout.addLayout(self._table_title(item))
                view = CountTableView(CountTableModel(document, item, self), scrolling=self.single)
                vertical = QSizePolicy.Policy.Expanding if self.single else QSizePolicy.Policy.Fixed
                view.setSizePolicy(QSizePolicy.Policy.Preferred, vertical)
                view.notice.connect(self.notice)
                self.tables[item.id] = view
                layout.addWidget(view, 100 if self.single else 0)
            else:
                box = TextFieldBox(document, item.key)
                self.texts[item.key] = box
                layout.addWidget(box, 1)
        if self.single:
            self._add_balance_bars(layout, 0, 0)  # directly under the table, which scrolls by itself
            layout.addStretch(1)
            outer.addWidget(body, 1)
        elif self.tables:
            layout.addStretch(1)
            scroll = QScrollArea()
            scroll.setWidgetResizable(True)
            scroll.setFrameShape(QScrollArea.Shape.NoFrame)
            scroll.setWidget(body)
            scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            self.scroll_area = scroll
            outer.addWidget(scroll, 1)
            self._add_balance_bars(outer, 6, 6 + scroll.verticalScrollBar().sizeHint().width())
        else:
            outer.addWidget(body)
        document.statusChanged.connect(self._on_status_changed)
        self._on_status_changed()

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Offer the tables the width of the page (a table may take less: value columns are capped)."""
        super().resizeEvent(event)
        if self.tables:  # the scroll area's own viewport is not resized yet at this point
            scrollbar = self.scroll_area.verticalScrollBar().sizeHint().width() if self.scroll_area else 0
            width = self.width() - 8 - scrollbar - 12
            for view in self.tables.values():
                view.fit(width)

    def _add_balance_bars(self, target: QVBoxLayout, left: int, right: int) -> None:
        """Pin each balanced table's 尚待分配 line below the scrolling area, so it is never scrolled away."""
        self.balance_bars: dict[str, BalanceBar] = {}
        for table_id, view in self.tables.items():
            balance = balance_of(self.document.template, view.model().table)
            if balance is None:
                continue
            model = BalanceModel(self.document, view.model().table, balance, view.model().grid.label_cols, self)
            bar = BalanceBar(model)
            bar.follow(view)
            self.balance_bars[table_id] = bar
            row = QHBoxLayout()
            inner = view.verticalScrollBar().sizeHint().width() if view.scrolling else 0
            row.setContentsMargins(left, 0, right + inner, 0)
            row.addWidget(bar, 1)  # the margins line the bar's columns up with the table's
            row.addStretch(0)  # room right of the bar when the table is narrower than the page
            target.addLayout(row)

    def _table_title(self, table: TableSpec) -> QHBoxLayout:
        row = QHBoxLayout()
        title = QLabel(f"<b>{table.title}</b>")
        row.addWidget(title)
        row.addSpacing(title.fontMetrics().horizontalAdvance("国"))
        fill = QPushButton("空白填 0")
        fill.setToolTip(f"把“{table.title}”中所有空白的填报格填为 0（可撤销）")
        fill.clicked.connect(lambda _=False, tid=table.id: self._fill(tid))
        self._fill_buttons.append(fill)
        row.addWidget(fill)  # beside the title, near the table it fills (not at the far edge of the page)
        row.addStretch(1)
        return row

    def _fill(self, table_id: str) -> None:
        n = self.document.fill_blanks(table_id)
        self.notice.emit(f"已将 {n} 个空白单元格填为 0" if n else "本表没有空白的填报格", False)

    def _on_status_changed(self) -> None:
        for button in self._fill_buttons:
            button.setEnabled(not self.document.read_only)

    def focus_cell(self, key: str) -> None:
        """Select a cell of one of this section's tables and scroll it into view."""
        view = self.tables[key.split(".", 1)[0]]
        if "." not in key:  # an issue about a whole table: start at its first cell
            first = view.model().key(view.first_value_index())
            if first is None:
                return
            key = first
        view.select_key(key)
        if self.scroll_area is not None:
            view.fit()  # a tab shown for the first time has no geometry yet: lay it out now
            QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
            rect = view.visualRect(view.model().index_of(key))
            centre = view.viewport().mapTo(self.scroll_area.widget(), rect.center())
            self.scroll_area.ensureVisible(centre.x(), centre.y(), 20, 60)

    def focus_text(self, key: str, span: tuple[int, int] | None) -> None:
        """Put the cursor at a character range of a narrative field."""
        self.texts[key].editor.select_span(span)

    def set_show_previous(self, on: bool) -> None:
        """Show or hide last year's value beside each cell."""
        for view in self.tables.values():
            view.set_show_previous(on)
