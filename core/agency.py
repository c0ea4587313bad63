"""Infer an agency's kind (core.template.AGENCY_KINDS) from its name; the officer may still change it."""

from __future__ import annotations

import re

from core.template import DEFAULT_AGENCY_KIND

# A township-level government: …乡/镇/苏木 (人民)政府, a 街道办事处, or the bare 乡/镇/街道 name.
_TOWNSHIP = re.compile(r"(乡|镇|苏木)((人民)?政府)?$|街道(办事处|办)?$")
# A government at county level or above: …人民政府 / …政府 (not its 办公室, which is a department).
_GOVERNMENT = re.compile(r"政府$")


def infer_agency_kind(name: str) -> str:
    """The kind a name implies: ``township``, ``government``, else ``department`` (the common case)."""
    name = re.sub(r"\s+", "", name or "")
    if _TOWNSHIP.search(name):
        return "township"
    if _GOVERNMENT.search(name):
        return "government"
    return DEFAULT_AGENCY_KIND


def follow_name(kind: str, old_name: str, new_name: str) -> str:
    """The kind after the name changes: re-inferred while it still is what the old name implied."""
    return infer_agency_kind(new_name) if kind == infer_agency_kind(old_name) else kind
