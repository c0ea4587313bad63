"""The SQLite store: many reports, every edit committed in its own transaction with its edit-log rows.

Content is kept as rows keyed by template key (never by position), values as exact decimal text, so an
edition may reorder its rows safely. A finalised version is frozen as canonical JSON with its SHA-256.
The schema is numbered with ``PRAGMA user_version``; ``_upgrade_to_<n>`` steps bring older files up.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal
from pathlib import Path

from core import report as rp
from core.finalise import finalised
from core.report import Edit, Report
from core.store.schema import (
    SCHEMA_VERSION,
    SchemaTooNewError,
    StoreError,
    check_schema,
    explain_open_error,
    explain_sqlite_error,
    upgrade,
)
from core.template import Template
from core.values import Value, format_value

# Content tables and the Report attribute each one mirrors.
_TABLES = {"cell": "cells", "text": "texts", "meta": "meta", "explanation": "explanations", "carried": "carried"}


class IntegrityError(StoreError):
    """A finalised report whose stored content no longer matches its frozen SHA-256."""


@dataclass(frozen=True)
class ReportInfo:
    """One row of the report list."""

    id: int
    agency: str
    year: int
    edition: str
    status: str
    version: int
    updated: str  # ISO local time of the last change
    scope: str = rp.SCOPE_OWN


@dataclass(frozen=True)
class VersionInfo:
    """One version of a report: frozen (final) ones with their hash, and the current draft."""

    version: int
    status: str
    content_hash: str
    finalised_at: str
    reopen_reason: str = ""
    reopened_at: str = ""


def _now() -> str:
    return datetime.now().isoformat(timespec="milliseconds")


class Store:
    """A SQLite database of reports (see docs/architecture.md for the contract)."""

    read_only = False  # the file (or its folder) cannot be written: edits would fail

    def __init__(self, path: Path, *, journal: str | None = None) -> None:
        self.path = Path(path)
        mode = (journal or "wal").lower()
        if mode not in {"wal", "delete"}:
            raise ValueError(f"未知的日志模式：{journal}")
        try:
            self._conn = sqlite3.connect(str(self.path), isolation_level=None)
        except sqlite3.Error as exc:
            raise StoreError(f"无法打开数据库：{self.path}：{explain_open_error(exc)}") from None
        try:
            self._conn.execute("PRAGMA busy_timeout=5000")
            check_schema(self._conn)  # before the journal mode is set: another program's file stays untouched
            self._configure(mode)
            upgrade(self._conn)
            self.read_only = not self._can_write()
        except sqlite3.DatabaseError as exc:
            self._conn.close()
            raise StoreError(f"无法打开数据库：{self.path}：{explain_open_error(exc)}") from None
        except Exception:
            self._conn.close()
            raise

    def _configure(self, mode: str) -> None:
        conn = self._conn
        conn.execute("PRAGMA foreign_keys=ON")
        # WAL + FULL: a commit is on disk (fsynced) before apply() returns, so it survives a kill and
        # a power cut; the rollback journal is for network folders, where WAL's shared memory fails.
        conn.execute(f"PRAGMA journal_mode={'WAL' if mode == 'wal' else 'DELETE'}")
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute("PRAGMA busy_timeout=5000")
        self.journal_mode = conn.execute("PRAGMA journal_mode").fetchone()[0].lower()

    def _can_write(self) -> bool:
        """Whether a write would be taken: one is tried and rolled back (a read-only file opens without error,
        and would only fail at the first edit, after the window said 已保存)."""
        conn = self._conn
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                version = conn.execute("PRAGMA user_version").fetchone()[0]
                conn.execute(f"PRAGMA user_version = {int(version)}")
            finally:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
        except sqlite3.OperationalError as exc:
            text = str(exc).lower()
            return not ("readonly" in text or "read-only" in text or "unable to open" in text)  # busy: writable
        return True

    def close(self) -> None:
        """Close the database (idempotent)."""
        self._conn.close()  # closing twice is harmless; a closed connection refuses any use

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        conn = self._conn
        if conn is None:
            raise StoreError("数据库已关闭")
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
        except sqlite3.Error as exc:
            raise StoreError(explain_sqlite_error(exc)) from exc

    # ---- listing and finding --------------------------------------------------------------

    def list_reports(self) -> list[ReportInfo]:
        """Every report, by agency then year."""
        rows = self._conn.execute(
            "SELECT id, agency, year, edition, status, version, updated, scope FROM reports"
            " ORDER BY agency, year, id")
        return [ReportInfo(*row) for row in rows]

    def find(self, agency: str, year: int, scope: str | None = None) -> int | None:
        """The id of an agency's report for a year (of that scope, when given), or None."""
        sql = "SELECT id FROM reports WHERE agency = ? AND year = ?"
        params: tuple = (agency, year)
        if scope is not None:
            sql, params = sql + " AND scope = ?", (*params, scope)
        row = self._conn.execute(sql + " ORDER BY id LIMIT 1", params).fetchone()
        return row[0] if row else None

    def previous_of(self, report: Report) -> Report | None:
        """The same agency's report of the year before and of the same scope (a 汇总 is compared with a 汇总)."""
        prev_id = self.find(report.agency, report.year - 1, report.scope)
        return self.load(prev_id) if prev_id is not None else None

    # ---- whole reports ----------------------------------------------------------------------

    def create(self, report: Report) -> int:
        """Store a new report (as a draft or final, with its version) and return its id."""
        now = _now()
        with self._transaction() as conn:
            cur = conn.execute(
                "INSERT INTO reports (agency, year, edition, status, version, created, updated, scope)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (report.agency, report.year, report.edition, rp.STATUS_DRAFT, report.version, now, now, report.scope))
            report_id = cur.lastrowid
            assert report_id is not None  # an INSERT sets it
            self._write_content(conn, report_id, report)
            if report.is_final:
                self._freeze(conn, report_id, report, now)
        return report_id

    def load(self, report_id: int) -> Report:
        """Read a report; a final one is checked against its frozen SHA-256.

        Raises:
            KeyError: no such report.
            IntegrityError: a final report whose content changed since it was frozen.
        """
        head = self._conn.execute("SELECT edition, year, status, version, scope FROM reports WHERE id = ?",
                                  (report_id,)).fetchone()
        if head is None:
            raise KeyError(f"没有编号为 {report_id} 的年报")
        edition, year, status, version, scope = head
        report = Report(edition, year, status=status, version=version, scope=scope)
        template = report.template
        for key, text in self._rows("cells", report_id):
            report.cells[key] = _parse(template, key, text)
        for key, text in self._rows("carried", report_id):
            report.carried[key] = _parse(template, key, text)
        for key, raw, reason in self._conn.execute(
                "SELECT key, raw, reason FROM invalid WHERE report_id = ?", (report_id,)):
            report.invalid[key] = (raw, reason)
        report.texts = dict(self._rows("texts", report_id))
        report.meta = dict(self._rows("meta", report_id))
        report.explanations = dict(self._rows("explanations", report_id))
        report.sources = self._sources(report_id, template)
        if report.is_final:
            report.content_hash = self._verify(report_id, report)
        return report

    def _rows(self, table: str, report_id: int) -> list[tuple[str, str]]:
        return self._conn.execute(f"SELECT key, value FROM {table} WHERE report_id = ? ORDER BY rowid",
                                  (report_id,)).fetchall()

    def _sources(self, report_id: int, template: Template) -> list[rp.Source]:
        rows = self._conn.execute("SELECT agency, file, hash, status, cells FROM sources WHERE report_id = ?"
                                  " ORDER BY position", (report_id,)).fetchall()
        return [rp.Source(agency, file, digest, status,
                          {k: _parse(template, k, v) for k, v in json.loads(cells).items()})
                for agency, file, digest, status, cells in rows]

    def _verify(self, report_id: int, report: Report) -> str:
        row = self._conn.execute("SELECT hash FROM versions WHERE report_id = ? AND version = ?",
                                 (report_id, report.version)).fetchone()
        actual = rp.content_hash(report)
        if row is None or row[0] != actual:
            frozen = row[0][:12] if row else "（无）"
            raise IntegrityError(
                f"{report.title}（第 {report.version} 版）已定稿，但数据库中的内容与定稿校验码不符"
                f"（定稿 {frozen}…，现为 {actual[:12]}…），可能被改动或损坏，请从备份恢复")
        return actual

    def delete(self, report_id: int) -> None:
        """Delete a report with its versions and edit log."""
        with self._transaction() as conn:
            conn.execute("DELETE FROM reports WHERE id = ?", (report_id,))

    # ---- edits ------------------------------------------------------------------------------

    def apply(self, report_id: int, report: Report, edit: Edit) -> Edit:
        """Apply an edit to ``report`` and commit it with its edit-log rows; return the inverse.

        On a database error the in-memory report is restored and the error re-raised.
        """
        saved = (dict(report.cells), dict(report.texts), dict(report.meta), dict(report.explanations),
                 dict(report.invalid), dict(report.carried))
        inverse = rp.apply(report, edit)  # raises ReadOnlyError on a final report, before any writing
        try:
            with self._transaction() as conn:
                self._store_edit(conn, report_id, report, edit, inverse)
        except BaseException:
            (report.cells, report.texts, report.meta, report.explanations, report.invalid,
             report.carried) = saved
            raise
        return inverse

    def _store_edit(self, conn: sqlite3.Connection, report_id: int, report: Report, edit: Edit,
                    inverse: Edit) -> None:
        now = _now()
        label = edit.label if isinstance(edit, rp.Batch) else ""
        log = []
        for leaf, old in zip(_leaves(edit), reversed(_leaves(inverse)), strict=True):
            kind, key, new_text = _describe(leaf)
            table = _TABLES[kind]
            current = getattr(report, table).get(key)
            if kind == "carried" and key in report.carried:
                # A carried blank is a row with a NULL value; only a dropped total has no row.
                conn.execute("INSERT INTO carried (report_id, key, value) VALUES (?, ?, ?)"
                             " ON CONFLICT (report_id, key) DO UPDATE SET value = excluded.value",
                             (report_id, key, _text(current)))
            elif current is None:
                conn.execute(f"DELETE FROM {table} WHERE report_id = ? AND key = ?", (report_id, key))
            else:
                conn.execute(f"INSERT INTO {table} (report_id, key, value) VALUES (?, ?, ?)"
                             " ON CONFLICT (report_id, key) DO UPDATE SET value = excluded.value",
                             (report_id, key, _text(current)))
            if kind == "cell":
                conn.execute("DELETE FROM invalid WHERE report_id = ? AND key = ?", (report_id, key))
            if kind == "meta" and key == "agency":
                conn.execute("UPDATE reports SET agency = ? WHERE id = ?", (report.agency, report_id))
            log.append((now, report_id, kind, key, _describe(old)[2], new_text, label))
        conn.executemany("INSERT INTO edit_log (time, report_id, kind, key, old, new, label)"
                         " VALUES (?, ?, ?, ?, ?, ?, ?)", log)
        cur = conn.execute("UPDATE reports SET updated = ? WHERE id = ?", (now, report_id))
        if cur.rowcount != 1:
            raise KeyError(f"没有编号为 {report_id} 的年报")

    def edit_log(self, report_id: int) -> list[tuple[str, str, str, str | None, str | None]]:
        """The logged edits of a report, oldest first: (time, kind, key, old, new); None is blank.

        For ``carried`` rows None means no carried total and "" a carried blank.
        """
        return self._conn.execute("SELECT time, kind, key, old, new FROM edit_log WHERE report_id = ?"
                                  " ORDER BY id", (report_id,)).fetchall()

    # ---- versions ---------------------------------------------------------------------------

    def finalise(self, report_id: int, report: Report) -> Report:
        """Freeze the current version (定稿): its content JSON and SHA-256; returns the final report."""
        if report.is_final:
            raise rp.ReadOnlyError("本报告已定稿")
        final = finalised(report)
        now = _now()
        with self._transaction() as conn:
            # The frozen rows are exactly the content hashed, whatever happened before.
            self._write_content(conn, report_id, final)
            self._freeze(conn, report_id, final, now)
        return final

    def _freeze(self, conn: sqlite3.Connection, report_id: int, report: Report, now: str) -> None:
        content = json.dumps(rp.content_dict(report), ensure_ascii=False, sort_keys=True)
        conn.execute("INSERT OR REPLACE INTO versions (report_id, version, content, hash, finalised_at)"
                     " VALUES (?, ?, ?, ?, ?)", (report_id, report.version, content, rp.content_hash(report), now))
        conn.execute("UPDATE reports SET status = ?, version = ?, updated = ? WHERE id = ?",
                     (rp.STATUS_FINAL, report.version, now, report_id))
        conn.execute("INSERT INTO edit_log (time, report_id, kind, key, old, new, label)"
                     " VALUES (?, ?, 'status', 'status', ?, ?, '定稿')",
                     (now, report_id, rp.STATUS_DRAFT, f"{rp.STATUS_FINAL} v{report.version}"))

    def reopen(self, report_id: int, reason: str) -> Report:
        """Reopen a final report as draft version N+1, recording the (required) reason."""
        reason = (reason or "").strip()
        if not reason:
            raise ValueError("重新打开已定稿的年报须填写原因")
        report = self.load(report_id)
        if not report.is_final:
            raise ValueError("本报告尚未定稿，无需重新打开")
        now = _now()
        with self._transaction() as conn:
            conn.execute("UPDATE versions SET reopen_reason = ?, reopened_at = ? WHERE report_id = ? AND version = ?",
                         (reason, now, report_id, report.version))
            conn.execute("UPDATE reports SET status = ?, version = ?, updated = ? WHERE id = ?",
                         (rp.STATUS_DRAFT, report.version + 1, now, report_id))
            conn.execute("INSERT INTO edit_log (time, report_id, kind, key, old, new, label)"
                         " VALUES (?, ?, 'status', 'status', ?, ?, ?)",
                         (now, report_id, f"{rp.STATUS_FINAL} v{report.version}",
                          f"{rp.STATUS_DRAFT} v{report.version + 1}", reason))
        return replace(report, status=rp.STATUS_DRAFT, version=report.version + 1, content_hash="")

    def versions(self, report_id: int) -> list[VersionInfo]:
        """Every frozen version, oldest first, then the current draft (if it is one)."""
        out = [VersionInfo(v, rp.STATUS_FINAL, h, t, r or "", ro or "") for v, h, t, r, ro in self._conn.execute(
            "SELECT version, hash, finalised_at, reopen_reason, reopened_at FROM versions"
            " WHERE report_id = ? ORDER BY version", (report_id,))]
        head = self._conn.execute("SELECT status, version FROM reports WHERE id = ?", (report_id,)).fetchone()
        if head and head[0] == rp.STATUS_DRAFT:
            out.append(VersionInfo(head[1], rp.STATUS_DRAFT, "", ""))
        return out

    def version_content(self, report_id: int, version: int) -> dict:
        """The frozen content (core.report.content_dict) of a final version."""
        row = self._conn.execute("SELECT content FROM versions WHERE report_id = ? AND version = ?",
                                 (report_id, version)).fetchone()
        if row is None:
            raise KeyError(f"年报 {report_id} 没有已定稿的第 {version} 版")
        return json.loads(row[0])

    # ---- backups ----------------------------------------------------------------------------

    def backup_to(self, path: Path) -> None:
        """Copy the whole database to ``path`` with SQLite's online backup API (a stand-alone file)."""
        try:
            dst = sqlite3.connect(str(path))
            try:
                self._conn.backup(dst)
                dst.execute("PRAGMA journal_mode=DELETE")  # the copy must not depend on a -wal file
            finally:
                dst.close()
        except sqlite3.Error as exc:
            raise StoreError(f"无法写入备份文件：{path}（{exc}）") from exc

    # ---- internals --------------------------------------------------------------------------

    def _write_content(self, conn: sqlite3.Connection, report_id: int, report: Report) -> None:
        """Replace every content row of a report by the report's content."""
        for table in ("cells", "texts", "meta", "explanations", "carried", "invalid", "sources"):
            conn.execute(f"DELETE FROM {table} WHERE report_id = ?", (report_id,))
        rows: dict[str, Mapping[str, Value | str]] = {"cells": report.cells, "texts": report.texts, "meta": report.meta,
                "explanations": report.explanations, "carried": report.carried}
        for table, values in rows.items():
            conn.executemany(f"INSERT INTO {table} (report_id, key, value) VALUES (?, ?, ?)",
                             [(report_id, k, _text(v)) for k, v in values.items() if v is not None or
                              table == "carried"])
        conn.executemany("INSERT INTO invalid (report_id, key, raw, reason) VALUES (?, ?, ?, ?)",
                         [(report_id, k, raw, reason) for k, (raw, reason) in report.invalid.items()])
        conn.executemany("INSERT INTO sources (report_id, position, agency, file, hash, status, cells)"
                         " VALUES (?, ?, ?, ?, ?, ?, ?)",
                         [(report_id, n, s.agency, s.file, s.hash, s.status,
                           json.dumps({k: _text(v) for k, v in s.cells.items() if v is not None}, ensure_ascii=False))
                          for n, s in enumerate(report.sources)])
        conn.execute("UPDATE reports SET agency = ?, year = ?, edition = ?, scope = ? WHERE id = ?",
                     (report.agency, report.year, report.edition, report.scope, report_id))


def _leaves(edit: Edit) -> list[Edit]:
    if isinstance(edit, rp.Batch):
        return [leaf for e in edit.edits for leaf in _leaves(e)]
    return [edit]


def _describe(edit: Edit) -> tuple[str, str, str | None]:
    """(kind, key, new value as text or None for blank) of a single edit."""
    if isinstance(edit, rp.SetCell):
        return "cell", edit.key, _text(edit.value)
    if isinstance(edit, rp.SetText):
        return "text", edit.key, edit.text or None
    if isinstance(edit, rp.SetMeta):
        return "meta", edit.key, edit.value or None
    if isinstance(edit, rp.SetExplanation):
        return "explanation", edit.key, edit.text.strip() or None
    if isinstance(edit, rp.SetCarried):
        # None: no carried total; "": the file carried a blank.
        return "carried", edit.key, (_text(edit.value) or "") if edit.present else None
    raise TypeError(f"未知的修改类型：{edit!r}")


def _text(value: Value | str) -> str | None:
    """Exact text of a stored value (amounts as plain decimals, never floats or exponents)."""
    if value is None:
        return None
    if isinstance(value, str):
        return value
    return format_value(value)


def _parse(template: Template, key: str, text: str | None) -> Value:
    if text is None:
        return None
    cell = template.cells.get(key)
    if cell is None:
        raise StoreError(f"数据库中有本版格式不存在的单元格：{key}")
    try:
        return int(text) if cell.value_kind.type == "integer" else Decimal(text)
    except (ValueError, ArithmeticError):
        raise StoreError(f"数据库中单元格 {key} 的值“{text}”无法读取，数据库可能已损坏") from None


__all__ = ["SCHEMA_VERSION", "IntegrityError", "ReportInfo", "SchemaTooNewError", "Store", "StoreError", "VersionInfo"]
