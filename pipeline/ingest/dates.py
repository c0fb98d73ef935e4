"""Calendar days from the date strings publishers write, as pure functions.

Shared by the page's publication date (pubdate.py, meta.py) and feed/sitemap items (listings.py):
all keep the day as the publisher wrote it, never shifted to another time zone.
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


MONTH_NAME = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
TEXT_DATES = (
    # "December 19, 2023", "Dec. 21, 2023", "Jan 23rd 2024"
    (re.compile(r"\b" + MONTH_NAME + r"\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+((?:19|20)\d\d)\b", re.I), (3, 1, 2)),
    # "23 December 2023", "19 September, 2023"
    (re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+" + MONTH_NAME + r",?\s+((?:19|20)\d\d)\b", re.I), (3, 2, 1)),
    # "2023-12-19 23:30", "2023/12/20 at 8:39 AM"
    (re.compile(r"\b((?:19|20)\d\d)[-/](\d\d)[-/](\d\d)\b"), (1, 2, 3)),
)
NUMERIC_DATE = re.compile(r"\b(\d{1,2})([/.-])(\d{1,2})\2(\d\d(?:\d\d)?)\b")
UPDATE_LABEL = re.compile(r"\b(?:updated|modified|edited)\W*(?:on|at)?\W*$", re.I)


def numeric_day(first: str, second: str, year: str) -> date | None:
    """ "12/22/2023" or "22.12.23": read only when one part is over 12, so the order is certain.
    "12/11/23" is December in New York and November in London: None."""
    a, b, y = int(first), int(second), int(year) + (2000 if len(year) == 2 else 0)
    try:
        if a > 12 >= b:
            return date(y, b, a)
        if b > 12 >= a:
            return date(y, a, b)
    except ValueError:
        return None
    return None


def days_in_text(text: str) -> list[tuple[date | None, bool]]:
    """Full dates written in prose, in reading order, each with whether an "Updated"/"Modified" label
    stands right before it. Month names, year-first and unambiguous numeric forms are read; an
    ambiguous numeric date is listed as None, seen but unread."""
    found: list[tuple[int, date | None, bool]] = [
        (m.start(), numeric_day(m[1], m[3], m[4]), False) for m in NUMERIC_DATE.finditer(text)
    ]
    for pattern, (y, m, d) in TEXT_DATES:
        for match in pattern.finditer(text):
            month = match[m]
            try:
                day = date(
                    int(match[y]),
                    MONTHS[month[:3].lower()] if month[0].isalpha() else int(month),
                    int(match[d]),
                )
            except (ValueError, KeyError):
                continue
            found.append((match.start(), day, False))
    return [
        (day, bool(UPDATE_LABEL.search(text[max(0, at - 24) : at])))
        for at, day, _ in sorted(found, key=lambda f: f[0])
    ]
