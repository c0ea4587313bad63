"""docs/architecture.md lists every module once, under the package it lives in."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HEADER = re.compile(r"^((?:core|gui|nianbao)(?:/\w+)*)/ \(")


def listed() -> dict[str, list[str]]:
    """Package folder → the module files named in its block of the module map."""
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    blocks: dict[str, list[str]] = {}
    current = None
    for line in text.split("## Modules", 1)[1].split("```")[1].splitlines():
        match = HEADER.match(line)
        if match:
            current = blocks.setdefault(match.group(1), [])
        elif current is not None and (entry := re.match(r"  (\S.*?)(?:\s{2,}|$)", line)):
            current += re.findall(r"\w+\.py\b", entry.group(1))  # the names before the contract line
    return blocks


def test_every_module_is_listed_once_in_its_package() -> None:
    blocks = listed()
    modules = {}
    for top in ("core", "gui", "nianbao"):
        for path in (ROOT / top).rglob("*.py"):
            if path.name != "__init__.py":
                modules.setdefault(path.parent.relative_to(ROOT).as_posix(), []).append(path.name)
    assert sorted(blocks) == sorted(modules)
    for package, names in modules.items():
        assert sorted(blocks[package]) == sorted(names), package
