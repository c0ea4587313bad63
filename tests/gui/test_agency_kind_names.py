"""The window takes the agency kinds from the template data (core.template), never spelling one itself."""

from __future__ import annotations

import ast
from pathlib import Path

from core.template import AGENCY_KINDS

GUI = Path(__file__).resolve().parents[2] / "gui"


def test_no_gui_module_spells_an_agency_kind() -> None:
    found = [f"{path.relative_to(GUI.parent)}:{node.lineno} {node.value!r}"
             for path in sorted(GUI.rglob("*.py"))
             for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
             if isinstance(node, ast.Constant) and node.value in AGENCY_KINDS]
    assert found == [], "use core.template.DEFAULT_AGENCY_KIND / AGENCY_KINDS"
