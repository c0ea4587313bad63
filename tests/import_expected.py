"""Expected values of the import fixtures, written by reading each fixture by hand (not by the parser)."""

from __future__ import annotations

from decimal import Decimal

COLS = ("C1", "C2", "C3", "C4", "C5", "C6", "C7")


def t3_rows(rows: dict[str, tuple]) -> dict[str, object]:
    """``{"N": (1, None, …)}`` → ``{"t3.N.C1": 1, …}``."""
    return {f"t3.{r}.{c}": v for r, vals in rows.items() for c, v in zip(COLS, vals, strict=False)}


def t4_row(rv: tuple, ld: tuple, lr: tuple) -> dict[str, object]:
    """The 15 cells of table 四 (each group: upheld, corrected, other, pending, total)."""
    names = ("upheld", "corrected", "other", "pending", "total")
    out = {}
    for prefix, vals in (("rv", rv), ("ld", ld), ("lr", lr)):
        out.update({f"t4.cases.{prefix}_{n}": v for n, v in zip(names, vals, strict=False)})
    return out


_ = None
BLANK7 = (_,) * 7
ZERO7 = (0,) * 7

# 2019年上海市人民政府办公厅政府信息公开工作年度报告 (shanghai_bgt_2019.html and the docx/pdf laid out from it)
SHANGHAI_2019 = {
    "t2_1.rules.made": 13, "t2_1.rules.published": 13, "t2_1.rules.total_public": 524,
    "t2_1.norms.made": 60, "t2_1.norms.published": 60, "t2_1.norms.total_public": 368,
    **{f"t2_5.{r}.{c}": 0 for r in ("license", "other_services") for c in ("prev_items", "change", "decisions")},
    **{f"t2_6.{r}.{c}": 0 for r in ("penalty", "enforcement") for c in ("prev_items", "change", "decisions")},
    "t2_8.fees.prev_items": 0, "t2_8.fees.change": 0,
    "t2_9.procurement.projects": 6, "t2_9.procurement.amount": Decimal("251000"),
    **t3_rows({
        "N": (821, 35, _, _, 2, 1, 859), "B": (18, _, _, _, _, _, 18),
        "R1": (258, 12, _, _, 1, 1, _), "R2": (3, _, _, _, _, _, _),
        "D1": (14, _, _, _, _, _, _), "D2": BLANK7, "D3": BLANK7, "D4": BLANK7,
        "D5": (5, _, _, _, _, _, _), "D6": (3, 1, _, _, _, _, _), "D7": BLANK7, "D8": (10, 2, _, _, _, _, _),
        "U1": (252, 12, _, _, 1, _, _), "U2": (44, 3, _, _, _, _, _), "U3": (25, _, _, _, _, _, _),
        "P1": (148, 1, _, _, _, _, _), "P2": (5, 4, _, _, _, _, _), "P3": BLANK7, "P4": BLANK7, "P5": BLANK7,
        "O": BLANK7, "T": (767, 35, _, _, 2, 1, 805), "F": (72, _, _, _, _, _, 72),
    }),
    **t4_row((5, _, _, 2, 7), (8, _, _, 1, 9), (_, _, _, _, _)),
}

_ONE = (1, 0, 0, 0, 0, 0, 1)


def _t3_zero(edition: str, rows: dict[str, tuple]) -> dict[str, object]:
    ids = ["N", "B", "R1", "R2", *(f"D{i}" for i in range(1, 9)), "U1", "U2", "U3",
           *(f"P{i}" for i in range(1, 6)), *(["O"] if edition == "2019" else ["O1", "O2", "O3"]), "T", "F"]
    return t3_rows({r: rows.get(r, ZERO7) for r in ids})


# pingtan_2020_flat.txt: 一 reads 20 … 21 while the result rows add up to 26: a published error, kept.
PINGTAN_2020 = {
    "t2_1.rules.made": 0, "t2_1.rules.published": 0, "t2_1.rules.total_public": 7,
    "t2_6.penalty.prev_items": 2648, "t2_8.fees.prev_items": 35, "t2_8.fees.change": -15,
    **_t3_zero("2019", {
        "N": (20, 0, 0, 0, 0, 1, 21), "R1": (6, 0, 0, 0, 0, 1, 7), "R2": (6, 0, 0, 0, 0, 0, 6),
        "U1": (4, 0, 0, 0, 0, 0, 4), "U3": (3, 0, 0, 0, 0, 0, 3), "P2": (3, 0, 0, 0, 0, 0, 3),
        "O": (4, 0, 0, 0, 0, 0, 4), "T": (20, 0, 0, 0, 0, 1, 21),
    }),
    **t4_row((0,) * 5, (0,) * 5, (0,) * 5),
}
PINGTAN_2020_UNCERTAIN = {
    "t2_1.norms.made", "t2_1.norms.published", "t2_1.norms.total_public",
    *(f"t2_5.{r}.{c}" for r in ("license", "other_services") for c in ("prev_items", "change", "decisions")),
    "t2_6.penalty.change", "t2_6.penalty.decisions",
    *(f"t2_6.enforcement.{c}" for c in ("prev_items", "change", "decisions")),
    "t2_9.procurement.projects", "t2_9.procurement.amount",
}

PINGTAN_2019 = {
    "t2_1.rules.made": 0, "t2_1.rules.published": 0, "t2_1.rules.total_public": 0,
    **_t3_zero("2019", {
        "N": (23, 0, 0, 0, 0, 0, 23), "R1": (7, 0, 0, 0, 0, 0, 7), "R2": _ONE,
        "U1": (7, 0, 0, 0, 0, 0, 7), "U3": (5, 0, 0, 0, 0, 0, 5), "P2": (3, 0, 0, 0, 0, 0, 3),
        "T": (23, 0, 0, 0, 0, 0, 23),
    }),
    **t4_row((0,) * 5, (0,) * 5, (0,) * 5),
}
PINGTAN_2019_UNCERTAIN = {
    "t2_1.norms.made", "t2_1.norms.published", "t2_1.norms.total_public",
    *(f"t2_{t}.{r}.{c}" for t, rows in (("5", ("license", "other_services")), ("6", ("penalty", "enforcement")))
      for r in rows for c in ("prev_items", "change", "decisions")),
    "t2_8.fees.prev_items", "t2_8.fees.change", "t2_9.procurement.projects", "t2_9.procurement.amount",
}

PINGTAN_2021 = {
    "t2_1.rules.issued": 0, "t2_1.rules.repealed": 0, "t2_1.rules.in_force": 0,
    "t2_5.license.decisions": 2293, "t2_6.penalty.decisions": 1282, "t2_6.enforcement.decisions": 42,
    "t2_8.fees.amount": Decimal("24252.311082"),
    **_t3_zero("2021", {
        "N": (64, 0, 0, 2, 0, 4, 70), "R1": (27, 0, 0, 2, 0, 1, 30), "R2": (5, 0, 0, 0, 0, 0, 5),
        "D5": _ONE, "D7": (6, 0, 0, 0, 0, 0, 6), "D8": _ONE, "U1": (22, 0, 0, 0, 0, 3, 25), "O3": _ONE,
        "T": (63, 0, 0, 2, 0, 4, 69), "F": _ONE,
    }),
    **t4_row((1, 0, 2, 0, 3), (12, 0, 0, 0, 12), (0, 0, 0, 0, 0)),
}
PINGTAN_2021_UNCERTAIN = {"t2_1.norms.issued", "t2_1.norms.repealed", "t2_1.norms.in_force"}

PINGTAN_2023 = {
    "t2_1.rules.issued": 0, "t2_1.rules.repealed": 0, "t2_1.rules.in_force": 0,
    "t2_5.license.decisions": 2629, "t2_6.penalty.decisions": 1330, "t2_6.enforcement.decisions": 54,
    "t2_8.fees.amount": Decimal("5949.088667"),
    **_t3_zero("2021", {
        "N": (80, 1, 0, 0, 0, 0, 81), "R1": (22, 0, 0, 0, 0, 0, 22), "R2": (19, 1, 0, 0, 0, 0, 20),
        "D4": _ONE, "D6": _ONE, "D7": _ONE, "D8": (2, 0, 0, 0, 0, 0, 2), "U1": (31, 0, 0, 0, 0, 0, 31),
        "P2": _ONE, "O1": _ONE, "O3": _ONE, "T": (80, 1, 0, 0, 0, 0, 81),
    }),
    **t4_row((1, 1, 0, 0, 2), (4, 0, 0, 1, 5), (1, 0, 1, 0, 2)),
}
PINGTAN_2023_UNCERTAIN = {"t2_1.norms.issued", "t2_1.norms.repealed", "t2_1.norms.in_force"}

PINGTAN_2022 = {
    "t2_1.rules.issued": 0, "t2_1.rules.repealed": 0, "t2_1.rules.in_force": 0,
    "t2_5.license.decisions": 10690, "t2_6.penalty.decisions": 2113, "t2_6.enforcement.decisions": 0,
    "t2_8.fees.amount": Decimal("9116.36"),
    **_t3_zero("2021", {
        "N": (71, 3, 0, 0, 0, 0, 74), "B": _ONE, "R1": (21, 0, 0, 0, 0, 0, 21), "R2": (8, 1, 0, 0, 0, 0, 9),
        "D5": _ONE, "D6": (2, 0, 0, 0, 0, 0, 2), "D7": _ONE, "U1": (37, 0, 0, 0, 0, 0, 37),
        "O1": (2, 0, 0, 0, 0, 0, 2), "O3": (0, 2, 0, 0, 0, 0, 2), "T": (72, 3, 0, 0, 0, 0, 75),
    }),
    **t4_row((0, 1, 1, 0, 2), (1, 0, 0, 0, 1), (0, 0, 0, 0, 0)),
}
PINGTAN_2022_UNCERTAIN = {"t2_1.norms.issued", "t2_1.norms.repealed", "t2_1.norms.in_force"}

PINGTAN_2024 = {
    "t2_1.rules.issued": 0, "t2_1.rules.repealed": 0, "t2_1.rules.in_force": 0,
    "t2_5.license.decisions": 4529, "t2_6.penalty.decisions": 1100, "t2_6.enforcement.decisions": 65,
    "t2_8.fees.amount": Decimal("18651.06"),
    **_t3_zero("2021", {
        "N": (217, 1, 0, 0, 0, 0, 218), "R1": (71, 0, 0, 0, 0, 0, 71), "R2": (29, 0, 0, 0, 0, 0, 29),
        "D1": (4, 0, 0, 0, 0, 0, 4), "D4": (3, 0, 0, 0, 0, 0, 3), "D5": (32, 0, 0, 0, 0, 0, 32),
        "U1": (75, 0, 0, 0, 0, 0, 75), "P2": _ONE, "O1": _ONE, "O3": (1, 1, 0, 0, 0, 0, 2),
        "T": (217, 1, 0, 0, 0, 0, 218),
    }),
    **t4_row((2, 1, 3, 1, 7), (0, 0, 0, 0, 0), (13, 2, 4, 0, 19)),
}
PINGTAN_2024_UNCERTAIN = {"t2_1.norms.issued", "t2_1.norms.repealed", "t2_1.norms.in_force"}

# pingtan_2025_flat.txt: 4166.241619 万元 (6 decimals); 行政规范性文件 5845546 has no arithmetic to split it.
PINGTAN_2025 = {
    "t2_1.rules.issued": 0, "t2_1.rules.repealed": 0, "t2_1.rules.in_force": 0,
    "t2_5.license.decisions": 2418, "t2_6.penalty.decisions": 644, "t2_6.enforcement.decisions": 64,
    "t2_8.fees.amount": Decimal("4166.241619"),
    **_t3_zero("2021", {
        "N": (151, 3, 0, 0, 0, 0, 154), "R1": (33, 0, 0, 0, 0, 0, 33), "R2": (38, 0, 0, 0, 0, 0, 38),
        "D5": (3, 0, 0, 0, 0, 0, 3), "D6": (2, 0, 0, 0, 0, 0, 2), "D7": (3, 0, 0, 0, 0, 0, 3),
        "D8": (3, 0, 0, 0, 0, 0, 3), "U1": (49, 1, 0, 0, 0, 0, 50), "U2": (3, 0, 0, 0, 0, 0, 3),
        "P1": (2, 0, 0, 0, 0, 0, 2), "O1": (8, 0, 0, 0, 0, 0, 8), "O2": (2, 0, 0, 0, 0, 0, 2), "O3": _ONE,
        "T": (147, 1, 0, 0, 0, 0, 148), "F": (4, 2, 0, 0, 0, 0, 6),
    }),
    **t4_row((25, 3, 8, 0, 36), (3, 3, 0, 0, 6), (3, 0, 0, 0, 3)),
}
PINGTAN_2025_UNCERTAIN = {"t2_1.norms.issued", "t2_1.norms.repealed", "t2_1.norms.in_force"}

# pingtan_2024_page.html: the same report as pingtan_2024_flat.txt, read from the portal's own table markup
# (rowspan 22/8/3/5, colspan): 行政规范性文件 62 / 33 / 440 stand in their own cells, so nothing is uncertain.
PINGTAN_2024_PAGE = {**PINGTAN_2024, "t2_1.norms.issued": 62, "t2_1.norms.repealed": 33, "t2_1.norms.in_force": 440}

# xinjiu_2021_head.txt: 盐边县新九镇人民政府 (a 乡镇). The stored copy is the page's beginning only: it stops inside
# table 三 after （一）予以公开, so the rest of 三 and all of 四 are missing (listed, never guessed).
XINJIU_2021 = {
    **{f"t2_1.{r}.{c}": 0 for r in ("rules", "norms") for c in ("issued", "repealed", "in_force")},
    "t2_5.license.decisions": 0, "t2_6.penalty.decisions": 0, "t2_6.enforcement.decisions": 0,
    "t2_8.fees.amount": Decimal("0"),
    **t3_rows({"N": ZERO7, "B": ZERO7, "R1": ZERO7}),
}
XINJIU_2021_MISSING_ROWS = {
    *(f"t3.{r}" for r in ("R2", "D1", "D2", "D3", "D4", "D5", "D6", "D7", "D8", "U1", "U2", "U3",
                          "P1", "P2", "P3", "P4", "P5", "O1", "O2", "O3", "T", "F")),
    "t4.cases",
}
