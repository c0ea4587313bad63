"""ImportReview and ImportTableModel: choosing candidates, colours and tooltips, what is saved."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from core.importers import import_file
from gui.import_review_model import CHOSEN_BG, MISSING_BG, UNCERTAIN_BG, ImportReview, ImportTableModel

FLAT = Path(__file__).resolve().parents[1] / "fixtures" / "import" / "pingtan_2023_flat.txt"


@pytest.fixture
def review(qtbot) -> ImportReview:
    result = import_file(FLAT)
    total = "t3.N.C7"  # pretend the printed 总计 of 一 could not be split with certainty
    result.report.carried.pop(total, None)
    result.uncertain[total] = [81, 8]
    result.missing.append("t3.B.C1")
    result.report.cells.pop("t3.B.C1", None)
    return ImportReview(result)


def test_colours_and_tooltips_follow_the_cells_state(review: ImportReview, qtmodeltester) -> None:
    model = ImportTableModel(review, review.report.template.tables["t3"])
    qtmodeltester.check(model)
    colour = {key: model.data(model.index_of(key), Qt.ItemDataRole.BackgroundRole).color()
              for key in ("t3.N.C7", "t3.B.C1")}
    assert colour == {"t3.N.C7": UNCERTAIN_BG, "t3.B.C1": MISSING_BG}
    assert "可能为 81、8" in model.data(model.index_of("t3.N.C7"), Qt.ItemDataRole.ToolTipRole)
    assert "原文中未找到" in model.data(model.index_of("t3.B.C1"), Qt.ItemDataRole.ToolTipRole)
    assert not model.flags(model.index_of("t3.N.C1")) & Qt.ItemFlag.ItemIsEditable
    review.choose("t3.N.C7", 81)
    assert model.data(model.index_of("t3.N.C7"), Qt.ItemDataRole.BackgroundRole).color() == CHOSEN_BG
    assert model.data(model.index_of("t3.N.C7"), Qt.ItemDataRole.DisplayRole) == "81"


def test_a_chosen_total_is_kept_as_the_printed_total(review: ImportReview) -> None:
    review.choose("t3.N.C7", 8)
    assert review.report.carried["t3.N.C7"] == 8 and "t3.N.C7" not in review.uncertain
    saved = review.report_to_save()
    assert saved.carried["t3.N.C7"] == 8 and "t3.N.C7" not in saved.invalid
    with pytest.raises(ValueError):
        review.choose("t2_1.norms.issued", 12345)  # not one of its candidates
    assert review.report.cells.get("t2_1.norms.issued") is None


def test_what_is_saved_leaves_open_cells_blank_and_named(review: ImportReview) -> None:
    review.choose("t2_1.norms.issued", 771324)
    saved = review.report_to_save()
    assert saved.cells["t2_1.norms.issued"] == 771324
    assert set(saved.invalid) == {"t2_1.norms.repealed", "t2_1.norms.in_force", "t3.N.C7"}
    assert all(saved.cells.get(k) is None for k in saved.invalid)
    assert "t3.B.C1" not in saved.invalid and saved.cells.get("t3.B.C1") is None  # missing: blank, V4 lists it
    assert not review.report.invalid  # the review's own report is untouched


def test_problems_that_keep_it_from_being_saved(review: ImportReview) -> None:
    assert review.problem() == ""
    review.set_meta("agency", " ")
    assert "机关名称" in review.problem()
    review.set_meta("agency", "平潭综合实验区")
    review.set_year(2020)
    assert "不适用" in review.problem()
    review.set_edition("2019")
    assert review.report.edition == "2019" and review.report.year == 2020 and review.problem() == ""
    assert review.result.notes[0].startswith("已按所选的")
