"""nianbao-cli output on Chinese Windows and Linux: a GBK console, output redirected to a file or pipe,
rare characters (𠀀, emoji), ✖ ⚠, Chinese and undecodable file names, and ``*.json`` typed in cmd.exe."""

from __future__ import annotations

import io
import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from core.read.report_file import write_report_file
from nianbao.cli import configure_output, main
from nianbao.cli_check import expand_wildcards, run_check
from tests.factories import full_2021_report

ROOT = Path(__file__).resolve().parents[2]
RARE = "𠀀 😀 ✖ ⚠ 年报"
RUN_CLI = "import sys; from nianbao.cli import main; sys.exit(main())"


class FakeConsole(io.TextIOWrapper):
    """A console whose code page is GBK (cp936), as ``isatty`` and ``encoding`` report it."""

    def isatty(self) -> bool:
        return True


def gbk_console() -> FakeConsole:
    return FakeConsole(io.BytesIO(), encoding="gbk", errors="strict")


def written(stream: io.TextIOWrapper) -> bytes:
    stream.flush()
    buffer = stream.buffer
    assert isinstance(buffer, io.BytesIO)
    return buffer.getvalue()


# ---- the policy, on streams ------------------------------------------------------------------------


def test_a_gbk_console_keeps_gbk_and_shows_what_it_cannot_encode_as_question_marks() -> None:
    console = gbk_console()
    with pytest.raises(UnicodeEncodeError):  # what Python does by default
        print(RARE, file=console)
    console = gbk_console()
    configure_output([console], env={})
    print(RARE, file=console)
    assert console.encoding == "gbk"
    assert written(console).decode("gbk") == "? ? ? ? 年报\n"


def test_output_redirected_to_a_file_is_utf8_whatever_the_ansi_code_page() -> None:
    redirected = io.TextIOWrapper(io.BytesIO(), encoding="cp936", errors="strict")  # `> out.txt` on Chinese Windows
    configure_output([redirected], env={})
    print(RARE, "\udcb1", file=redirected)  # a Linux file name byte that is not UTF-8 (surrogateescape)
    assert written(redirected).decode("utf-8") == RARE + " ?\n"


def test_nianbao_encoding_chooses_gbk_for_pipes_and_never_raises() -> None:
    pipe = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="strict")
    configure_output([pipe], env={"NIANBAO_ENCODING": "GBK"})
    print(RARE, file=pipe)
    assert written(pipe).decode("gbk") == "? ? ? ? 年报\n"
    unknown = io.TextIOWrapper(io.BytesIO(), encoding="cp936", errors="strict")
    configure_output([unknown], env={"NIANBAO_ENCODING": "no-such-codec"})  # ignored: UTF-8 as without it
    print(RARE, file=unknown)
    assert written(unknown).decode("utf-8") == RARE + "\n"


def test_streams_that_cannot_be_reconfigured_are_left_alone() -> None:
    plain = io.StringIO()
    configure_output([None, plain], env={})  # nianbao.exe (windowed) has sys.stdout None
    print(RARE, file=plain)
    assert plain.getvalue() == RARE + "\n"


# ---- the real program, in a subprocess ---------------------------------------------------------------


def report_files(folder: Path) -> list[Path]:
    """A good report under a Chinese name with rare characters, and a damaged one."""
    folder.mkdir(parents=True, exist_ok=True)
    good = folder / "𠀀区教育局😀年报.json"
    write_report_file(full_2021_report(), good)
    bad = folder / "✖损坏⚠.json"
    bad.write_text("{", encoding="utf-8")
    return [good, bad]


def run_cli(args: list[str | bytes], env: dict[str, str], **kwargs: object) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-c", RUN_CLI, *args], capture_output=True, cwd=ROOT, timeout=120,
                          env={**os.environ, **env}, **kwargs)  # type: ignore[call-overload]


def test_check_redirected_with_a_gbk_locale_prints_utf8(tmp_path: Path) -> None:
    good, bad = report_files(tmp_path / "年报")
    # PYTHONIOENCODING=gbk: Python starts with the GBK streams a Chinese Windows gives a redirected program.
    result = run_cli(["check", str(good), str(bad)], {"PYTHONIOENCODING": "gbk"})
    assert result.returncode == 2, result.stderr.decode("utf-8", "replace")
    out = result.stdout.decode("utf-8")
    assert f"【{good}】" in out and f"无法读取“{bad.name}”" in out and "共 2 个文件" in out
    assert b"Traceback" not in result.stderr


def test_check_json_redirected_is_valid_utf8_json(tmp_path: Path) -> None:
    good, bad = report_files(tmp_path)
    result = run_cli(["check", "--json", str(good), str(bad)], {"PYTHONIOENCODING": "gbk:strict"})
    rows = json.loads(result.stdout.decode("utf-8"))
    assert {row["file"] for row in rows} >= {str(bad)} and rows[-1]["rule"] == "READ"
    assert result.stderr.decode("utf-8").startswith(f"无法读取“{bad.name}”")


def test_check_on_a_gbk_console_prints_question_marks_instead_of_crashing(tmp_path: Path) -> None:
    good, bad = report_files(tmp_path)
    controller, terminal = pty.openpty()  # a real terminal: isatty() is True, as for a cmd.exe window
    try:
        process = subprocess.Popen([sys.executable, "-c", RUN_CLI, "check", str(good), str(bad)], cwd=ROOT,
                                   stdin=subprocess.DEVNULL, stdout=terminal, stderr=terminal,
                                   env={**os.environ, "PYTHONIOENCODING": "gbk"})
    finally:
        os.close(terminal)
    chunks = []
    while True:
        try:
            chunk = os.read(controller, 65536)
        except OSError:  # EIO: the program closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(controller)
    assert process.wait(timeout=120) == 2
    text = b"".join(chunks).decode("gbk")
    assert "Traceback" not in text and "UnicodeEncodeError" not in text
    assert "【" + str(tmp_path / "?区教育局?年报.json") + "】" in text
    assert "无法读取“?损坏?.json”" in text and "共 2 个文件" in text


@pytest.mark.skipif(sys.platform == "win32", reason="Linux file names are bytes")
def test_a_file_name_that_is_not_utf8_is_checked_and_printed(tmp_path: Path) -> None:
    """A USB stick written on Windows, mounted on 统信 UOS without a code page: the name is GBK bytes."""
    name = "报告.json".encode("gbk")  # b1 a8 b8 e6: no UTF-8 sequence among them
    path = os.path.join(os.fsencode(tmp_path), name)
    write_report_file(full_2021_report(), Path(os.fsdecode(path)))
    result = run_cli(["check", path], {})
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
    out = result.stdout.decode("utf-8")
    assert f"【{tmp_path}/????.json】" in out and "共 1 个文件：0 个有错误，0 个无法读取，1 个无错误" in out


# ---- wildcards: cmd.exe and PowerShell pass *.json as typed ----------------------------------------------


def test_wildcards_are_expanded_sorted_and_brackets_are_literal(tmp_path: Path) -> None:
    for name in ("乙.json", "甲.json", "[2023]丙.json", "说明.txt"):
        (tmp_path / name).write_text("{}", encoding="utf-8")
    expanded = expand_wildcards([tmp_path / "*.json", tmp_path / "[2023]*.json", tmp_path / "说明.txt"])
    assert [p.name for p in expanded] == ["[2023]丙.json", "乙.json", "甲.json", "[2023]丙.json", "说明.txt"]
    assert expand_wildcards([tmp_path / "?.json"]) == [tmp_path / "乙.json", tmp_path / "甲.json"]


def test_a_file_named_with_a_wildcard_character_is_not_a_pattern(tmp_path: Path) -> None:
    literal = tmp_path / "年报*.json"  # possible on Linux; such a name is never expanded
    literal.write_text("{}", encoding="utf-8")
    (tmp_path / "年报2023.json").write_text("{}", encoding="utf-8")
    assert expand_wildcards([literal]) == [literal]


def test_check_with_a_pattern_checks_every_match(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("core.checks.validation")
    for year in (2022, 2023):
        write_report_file(full_2021_report(year), tmp_path / f"{year}年报.json")
    assert main(["check", str(tmp_path / "*.json")]) == 0
    out = capsys.readouterr().out
    assert out.index("2022年报.json") < out.index("2023年报.json")
    assert "共 2 个文件：0 个有错误，0 个无法读取，2 个无错误" in out


def test_a_pattern_matching_nothing_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("core.checks.validation")
    pattern = tmp_path / "*.json"
    assert run_check([pattern], None) == 2
    out = capsys.readouterr().out
    assert f"无法读取“{pattern}”：没有与之匹配的文件（请检查文件夹和文件名）" in out
