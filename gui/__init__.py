"""nianbao desktop window (PySide6)."""
