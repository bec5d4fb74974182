"""Visits: Core tables in their own MetaData (13 tables), shared with the reporting jobs."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    func,
    insert,
    select,
)
from sqlalchemy.ext.asyncio import AsyncSession

metadata = MetaData()

visits = Table(
    "visits",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("place_name", String(120), nullable=False),
    Column("visitor", String(120), nullable=False),
)


visitors = Table(
    "visitors",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(120), nullable=False, default=""),
    Column("email", String(120), nullable=False, default=""),
    Column("created", DateTime, nullable=False, default=dt.datetime(2024, 1, 1)),
    Index("ix_visitors_name_created", "name", "created"),
)

visit_notes = Table(
    "visit_notes",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("visit_id", Integer, ForeignKey("visits.id"), nullable=False, index=True),
    Column("author", String(120), nullable=False, default=""),
    Column("text", String(120), nullable=False, default=""),
    Column("created", DateTime, nullable=False, default=dt.datetime(2024, 1, 1)),
    Index("ix_visit_notes_author_created", "author", "created"),
)

daily_counts = Table(
    "daily_counts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("place_name", String(120), nullable=False, default=""),
    Column("day", String(120), nullable=False, default=""),
    Column("created", DateTime, nullable=False, default=dt.datetime(2024, 1, 1)),
    Index("ix_daily_counts_place_name_created", "place_name", "created"),
)

weekly_counts = Table(
    "weekly_counts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("place_name", String(120), nullable=False, default=""),
    Column("week", String(120), nullable=False, default=""),
    Column("created", DateTime, nullable=False, default=dt.datetime(2024, 1, 1)),
    Index("ix_weekly_counts_place_name_created", "place_name", "created"),
)

monthly_counts = Table(
    "monthly_counts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("place_name", String(120), nullable=False, default=""),
    Column("month", String(120), nullable=False, default=""),
    Column("created", DateTime, nullable=False, default=dt.datetime(2024, 1, 1)),
    Index("ix_monthly_counts_place_name_created", "place_name", "created"),
)

report_runs = Table(
    "report_runs",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("job", String(120), nullable=False, default=""),
    Column("status", String(120), nullable=False, default=""),
    Column("created", DateTime, nullable=False, default=dt.datetime(2024, 1, 1)),
    Index("ix_report_runs_job_created", "job", "created"),
)

report_rows = Table(
    "report_rows",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("report_run_id", Integer, ForeignKey("report_runs.id"), nullable=False, index=True),
    Column("label", String(120), nullable=False, default=""),
    Column("value", String(120), nullable=False, default=""),
    Column("created", DateTime, nullable=False, default=dt.datetime(2024, 1, 1)),
    Index("ix_report_rows_label_created", "label", "created"),
)

exports = Table(
    "exports",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("report_run_id", Integer, ForeignKey("report_runs.id"), nullable=False, index=True),
    Column("target", String(120), nullable=False, default=""),
    Column("path", String(120), nullable=False, default=""),
    Column("created", DateTime, nullable=False, default=dt.datetime(2024, 1, 1)),
    Index("ix_exports_target_created", "target", "created"),
)

export_errors = Table(
    "export_errors",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("export_id", Integer, ForeignKey("exports.id"), nullable=False, index=True),
    Column("message", String(120), nullable=False, default=""),
    Column("detail", String(120), nullable=False, default=""),
    Column("created", DateTime, nullable=False, default=dt.datetime(2024, 1, 1)),
    Index("ix_export_errors_message_created", "message", "created"),
)

sources = Table(
    "sources",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(120), nullable=False, default=""),
    Column("kind", String(120), nullable=False, default=""),
    Column("created", DateTime, nullable=False, default=dt.datetime(2024, 1, 1)),
    Index("ix_sources_name_created", "name", "created"),
)

imports = Table(
    "imports",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("source_id", Integer, ForeignKey("sources.id"), nullable=False, index=True),
    Column("file_name", String(120), nullable=False, default=""),
    Column("status", String(120), nullable=False, default=""),
    Column("created", DateTime, nullable=False, default=dt.datetime(2024, 1, 1)),
    Index("ix_imports_file_name_created", "file_name", "created"),
)

import_errors = Table(
    "import_errors",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("import_id", Integer, ForeignKey("imports.id"), nullable=False, index=True),
    Column("line", String(120), nullable=False, default=""),
    Column("message", String(120), nullable=False, default=""),
    Column("created", DateTime, nullable=False, default=dt.datetime(2024, 1, 1)),
    Index("ix_import_errors_line_created", "line", "created"),
)


async def log_visit(session: AsyncSession, place_name: str, visitor: str) -> None:
    await session.execute(insert(visits).values(place_name=place_name, visitor=visitor))
    await session.commit()


async def visit_counts(session: AsyncSession) -> dict[str, int]:
    rows = await session.execute(select(visits.c.place_name, func.count()).group_by(visits.c.place_name))
    return {name: count for name, count in rows.all()}
