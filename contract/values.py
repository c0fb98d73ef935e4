"""Values read back from DuckDB and pandas as plain Python: missing values as None, days as dates.

A row from a DataFrame holds NaN, NaT or pd.NA where the store has NULL, numpy scalars for numbers
and Timestamps for days. Reports, reconcile and extract each need the plain value; these pure
functions say once what that is. No pandas or numpy import: types are recognised by what they are.
"""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal

_MISSING_TYPES = ("NaTType", "NAType")


def plain(value: object) -> object:
    """NaN, NaT and pd.NA → None; a numpy scalar → its Python value; anything else as it is."""
    if value is None or type(value).__name__ in _MISSING_TYPES:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, Decimal) and value.is_nan():
        return None
    if hasattr(value, "item") and not isinstance(value, str | bytes | list | dict):
        try:
            return plain(value.item())
        except (ValueError, TypeError):  # an array of several values: not a scalar
            return value
    return value


def is_missing(value: object) -> bool:
    """True for None, NaN, NaT and pd.NA (a NULL of the store, as pandas hands it over)."""
    return plain(value) is None


def iso_date(value: object) -> str | None:
    """A day as 'YYYY-MM-DD' from a date, datetime, Timestamp or ISO string; None when missing."""
    value = plain(value)
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if hasattr(value, "isoformat"):
        try:
            return value.isoformat()[:10]
        except (ValueError, AttributeError):
            return None
    text = str(value)
    return None if text in ("NaT", "nan", "None") else text[:10]


def to_date(value: object) -> dt.date | None:
    """A day as a date from a date, datetime, Timestamp or ISO string (its first ten characters);
    None when missing. A string that is not an ISO day raises ValueError."""
    value = plain(value)
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])
