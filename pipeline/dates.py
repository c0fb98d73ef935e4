"""Calendar days from the date strings publishers write, as pure functions.

Shared by page metadata (articles.py) and feed/sitemap items (discover.py): both keep the day
as the publisher wrote it, never shifted to another time zone.
"""

from __future__ import annotations

import re
from datetime import date, datetime

MONTHS = {
    m: i
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1
    )
}


def parse_day(value: object) -> date | None:
    """The calendar day as the publisher wrote it (no time-zone shift): ISO 8601, RFC 822
    ("Sat, 23 Dec 2023 05:42 PST") or US "12/20/2023" forms."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    try:
        match = re.match(r"((?:19|20)\d\d)-?(\d\d)-?(\d\d)", text)
        if match:
            return date(int(match[1]), int(match[2]), int(match[3]))
        match = re.match(r"(?:[A-Za-z]{3},?\s+)?(\d{1,2})\s+([A-Za-z]{3})[a-z]*\.?\s+((?:19|20)\d\d)\b", text)
        if match and match[2].lower() in MONTHS:
            return date(int(match[3]), MONTHS[match[2].lower()], int(match[1]))
        match = re.match(r"(\d{1,2})/(\d{1,2})/((?:19|20)\d\d)\b", text)
        if match:
            return date(int(match[3]), int(match[1]), int(match[2]))
    except ValueError:
        return None
    return None
