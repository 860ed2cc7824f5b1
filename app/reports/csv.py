"""The chronology as CSV, one row per event, in Practice Direction 12A columns."""

import csv
import io

from app.reports.chronology import COLUMNS, Chronology


def chronology_csv(chron: Chronology, case_reference: str) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow([*COLUMNS, "Notes", "Record"])
    for row in chron.rows:
        writer.writerow(
            [
                row.number,
                row.on.isoformat(),
                row.event,
                row.source,
                row.significance,
                " | ".join(row.notes),
                row.key,
            ]
        )
    # UTF-8 with a byte-order mark, so spreadsheet programs read the pound sign and dashes right
    return ("\ufeff" + buf.getvalue()).encode()
