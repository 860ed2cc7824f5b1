"""The one CSV writer: every CSV the project produces goes through it.

A spreadsheet program treats a cell starting with `=`, `+`, `-` or `@` as a
formula (and a leading tab or carriage return can hide one), so a goal title or
a client address could run code on the reader's machine. As OWASP advises, such
a cell is written with a single quote in front, which the spreadsheet shows as
text. Numbers are written as they are: only text can carry a formula.
"""

import csv
import io
from collections.abc import Iterable, Sequence
from typing import TextIO

from app.reports.chronology import COLUMNS, Chronology
from app.reports.document import Chart, Document, Fields, Para, Section, Table

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# Text, numbers, dates or ids; only text is checked for a formula.
Cell = object


def neutralise(value: Cell) -> object:
    """The cell as a spreadsheet should read it: text that could start a formula is quoted."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def write_csv(handle: TextIO, header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> int:
    """Write a header and rows to an open text file; returns the number of rows."""
    writer = csv.writer(handle, lineterminator="\r\n")
    writer.writerow([neutralise(cell) for cell in header])
    count = 0
    for row in rows:
        writer.writerow([neutralise(cell) for cell in row])
        count += 1
    return count


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> bytes:
    """The CSV as UTF-8 bytes with a byte-order mark, so spreadsheets read the pound sign right."""
    buf = io.StringIO()
    write_csv(buf, header, rows)
    return ("\ufeff" + buf.getvalue()).encode()


def chronology_csv(chron: Chronology) -> bytes:
    """The chronology, one row per event, in Practice Direction 12A columns (dates and
    figures in the report typography), then the notes, the date to sort by and the record."""
    return csv_bytes(
        [*COLUMNS, "Notes", "Date (YYYY-MM-DD)", "Record"],
        (
            [
                *row.cells()[:2],
                row.event,
                row.source,
                row.significance,
                " | ".join(row.notes),
                row.on.isoformat(),
                row.key,
            ]
            for row in chron.rows
        ),
    )


DOCUMENT_COLUMNS = ["Section", "Table", "Row", "Column", "Value"]


def _document_rows(section: Section, path: str) -> Iterable[list[Cell]]:
    where = f"{path} › {section.heading}" if path else section.heading
    for b in section.blocks:
        if isinstance(b, Section):
            yield from _document_rows(b, where)
        elif isinstance(b, Para):
            yield [where, "", b.number, "Paragraph", b.text]
        elif isinstance(b, Fields):
            for label, value in b.pairs:
                yield [where, "", "", label, value]
        else:
            table: Table = b.table if isinstance(b, Chart) else b
            for n, row in enumerate(table.rows, start=1):
                for column, value in zip(table.columns, row, strict=True):
                    yield [where, table.caption, n, column or "Kind", value]


def document_csv(doc: Document) -> bytes:
    """Any report as one tidy table: each paragraph, labelled value and table cell on a
    row of its own, with the section, table and column it belongs to. The values are the
    report's own (the same words, dates and figures as the PDF and Word document)."""
    return csv_bytes(DOCUMENT_COLUMNS, (row for s in doc.sections for row in _document_rows(s, "")))
