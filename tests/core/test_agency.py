"""The agency kind inferred from the name."""

from pathlib import Path

import pytest

from core.agency import follow_name, infer_agency_kind
from core.read.report_file import read_report_file
from core.template import AGENCY_KINDS
from nianbao.cli import main


@pytest.mark.parametrize(("name", "kind"), [
    ("淮安市人民政府", "government"),
    ("江苏省人民政府", "government"),
    ("某某市某某区人民政府", "government"),
    ("某某县政府", "government"),
    ("景德镇市人民政府", "government"),  # 镇 inside a city's name is not a township
    ("淮安市人民政府办公室", "department"),  # a government's general office reports as a department
    ("某某县某某镇人民政府", "township"),
    ("某某县某某乡政府", "township"),
    ("某某县某某民族乡人民政府", "township"),
    ("某某旗某某苏木人民政府", "township"),
    ("某某区某某街道办事处", "township"),
    ("某某区某某街道", "township"),
    ("某某镇", "township"),
    ("某某县住房和城乡建设局", "department"),
    ("某某市生态环境局", "department"),
    (" 淮安市 人民政府 ", "government"),
    ("", "department"),
])
def test_infer_agency_kind(name: str, kind: str) -> None:
    assert infer_agency_kind(name) == kind
    assert kind in AGENCY_KINDS


def test_follow_name_keeps_a_kind_chosen_against_the_name() -> None:
    assert follow_name("department", "淮安市", "淮安市人民政府") == "government"
    assert follow_name("government", "淮安市人民政府", "某某镇人民政府") == "township"
    # chosen by hand (不同于名称所示): kept whatever the new name says
    assert follow_name("other", "淮安市人民政府", "淮安市人民政府办公室") == "other"
    assert follow_name("department", "淮安市人民政府", "某某镇人民政府") == "department"


@pytest.mark.parametrize(("args", "kind"), [
    (["--agency", "淮安市人民政府"], "government"),
    (["--agency", "某某县某某镇人民政府"], "township"),
    (["--agency", "某某县教育局"], "department"),
    (["--agency", "淮安市人民政府", "--kind", "other"], "other"),  # an explicit --kind wins
])
def test_cli_new_infers_the_kind(tmp_path: Path, args: list[str], kind: str) -> None:
    out = tmp_path / "r.json"
    assert main(["new", "--year", "2024", *args, "-o", str(out)]) == 0
    assert read_report_file(out).meta["agency_kind"] == kind
