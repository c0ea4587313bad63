"""StatusBar: a message never runs under the permanent labels (已保存 …); spare ones step aside, else it is elided."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QSizeGrip, QStatusBar, QWidget


class StatusBar(QStatusBar):
    """Makes room for a temporary message: hides the spare labels while it shows; the whole text is its tooltip."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spare: list[QLabel] = []  # permanent labels said elsewhere too, least needed first
        self.messageChanged.connect(self._on_message_changed)

    def message_room(self) -> int:
        """Pixels left of the visible permanent labels for a message."""
        layout = self.layout()  # a status bar always has its own
        spacing = layout.spacing() if layout is not None else 0
        used = sum(w.sizeHint().width() + spacing
                   for w in self.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly)
                   if w.isVisibleTo(self) and w is not self._grip())
        grip = self._grip()
        grip_width = grip.sizeHint().width() if grip is not None and grip.isVisibleTo(self) else 0
        return self.width() - used - grip_width - 2 * self.fontMetrics().horizontalAdvance("国")

    def _grip(self) -> QWidget | None:
        return self.findChild(QSizeGrip)

    # Qt's name. PySide6's stub says timeout: int | None, but Qt refuses None (ValueError): int is the true type.
    def showMessage(self, text: str, timeout: int = 0) -> None:  # type: ignore[override]
        """Show a message whole, hiding spare labels as needed; elided (whole in the tooltip) only if still too long."""
        text = " ".join(text.split("\n"))
        for label in self.spare:
            label.setVisible(True)
        need = self.fontMetrics().horizontalAdvance(text)
        for label in self.spare:
            if need <= self.message_room():
                break
            label.setVisible(False)
        shown = self.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight, max(self.message_room(), 40))
        self.setToolTip(text if shown != text else "")
        super().showMessage(shown, timeout)

    def _on_message_changed(self, text: str) -> None:
        if not text:  # the message timed out or was cleared: the labels come back
            for label in self.spare:
                label.setVisible(True)
            self.setToolTip("")
