"""Making a 定稿: a copy of the report with the 前言 frozen as printed, marked final with its content hash.

Whether a report read from a file may still be trusted as 定稿 is ``core.final_status``'s decision.
"""

from __future__ import annotations

import copy
from dataclasses import replace

from core.preface import with_preface_frozen
from core.report import STATUS_FINAL, Report, content_hash


def finalised(report: Report) -> Report:
    """A copy of the report marked final with its content hash (the caller stores it).

    A 前言 still following its default is stored as text first: the 定稿 freezes the words it prints.
    """
    final = copy.deepcopy(report)
    with_preface_frozen(final)
    return replace(final, status=STATUS_FINAL, content_hash=content_hash(final))
