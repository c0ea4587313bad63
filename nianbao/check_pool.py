"""``nianbao check`` over many files on every core: the same output, byte for byte, as one process gives.

Each worker reads and validates a run of consecutive files and renders what ``check`` prints for each; the
parent prints the outcomes in the order the files were named. Pairing a file with its agency's previous
year needs every file read first, so the workers validate without a previous year and hand back each
file's (agency, year); the few files that turn out to have their previous year among the files are then
validated again, with it, in a second round.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from core.report import Report
from nianbao.check_file import FileOutcome, check_file, pair_paths, read_outcome, read_report

POOL_MIN_FILES = 300  # below this, starting the processes costs more than it saves
MAX_WORKERS = 8
_CHUNKS_PER_WORKER = 4  # smaller runs even out a slow file or a busy core

_explicit: dict[Path, Report] = {}  # in a worker: the previous-year report given with --previous, read once


def pool_size(count: int) -> int:
    """How many processes to check ``count`` files with (1: check them in this process)."""
    if count < POOL_MIN_FILES:
        return 1
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, min(cores, MAX_WORKERS, count // (POOL_MIN_FILES // 2)))


def _runs(items: list, parts: int) -> list[list]:
    """``items`` cut into at most ``parts`` consecutive runs of nearly equal length."""
    size = -(-len(items) // max(1, parts))
    return [items[i:i + size] for i in range(0, len(items), size)]


def _previous(path: Path | None) -> Report | None:
    if path is None:
        return None
    if path not in _explicit:
        _explicit[path] = read_report(path)
    return _explicit[path]


def _first_round(job: tuple[list[Path], Path | None, bool]) -> list[FileOutcome]:
    """Read and validate a run of files, against the previous year given (if any) or none."""
    paths, explicit_path, as_json = job
    explicit = _previous(explicit_path)
    out = []
    for path in paths:
        report, outcome = read_outcome(path)
        out.append(outcome if report is None else check_file(path, report, explicit, outcome.notes, as_json))
    return out


def _second_round(job: tuple[list[tuple[Path, Path]], bool]) -> list[FileOutcome]:
    """Validate files again against their agency's previous year found among the files."""
    pairs, as_json = job
    out = []
    for path, prev_path in pairs:
        report, outcome = read_outcome(path)
        prev, _ = read_outcome(prev_path)
        assert report is not None and prev is not None  # both were read in the first round
        out.append(check_file(path, report, prev, outcome.notes, as_json))
    return out


def _share_fonts(as_json: bool) -> None:
    """Find the fonts once here, before the workers fork, so that they inherit them instead of each running
    fc-list and loading the body font (0.1-0.6 s a worker). The text output's glyph check needs them; with
    the spawn start (Windows) a worker finds them itself."""
    if as_json or multiprocessing.get_start_method() != "fork":
        return
    from core.export.fonts import find_cjk_fonts

    find_cjk_fonts().can_print("年")


def pool_outcomes(paths: Sequence[Path], explicit_path: Path | None, as_json: bool,
                  workers: int) -> dict[Path, FileOutcome] | None:
    """Every file's outcome, checked by ``workers`` processes; None when processes cannot be started here."""
    paths = list(paths)
    _share_fonts(as_json)
    try:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            runs = _runs(paths, workers * _CHUNKS_PER_WORKER)
            results = pool.map(_first_round, [(run, explicit_path, as_json) for run in runs])
            outcomes = dict(zip(paths, (o for run in results for o in run), strict=True))
            if explicit_path is not None:
                return outcomes
            keys = {p: o.key for p, o in outcomes.items() if o.key is not None}
            pairs = [(p, q) for p, q in pair_paths(keys).items() if q is not None]
            if pairs:
                again = pool.map(_second_round, [(run, as_json) for run in _runs(pairs, workers)])
                outcomes.update(zip((p for p, _ in pairs), (o for run in again for o in run), strict=True))
            return outcomes
    except (OSError, BrokenProcessPool, NotImplementedError):  # no process pool on this system: one process
        return None
