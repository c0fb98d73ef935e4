"""contract.values: NULLs as pandas hands them over become None, days become dates or ISO strings."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest

from contract.values import is_missing, iso_date, plain, to_date


@pytest.mark.parametrize(
    "value", [None, float("nan"), np.float64("nan"), pd.NaT, pd.NA, np.datetime64("NaT"), Decimal("NaN")]
)
def test_values_missing_is_none(value):
    assert plain(value) is None and is_missing(value)
    assert iso_date(value) is None and to_date(value) is None


def test_values_plain_unwraps_numpy_scalars_and_keeps_the_rest():
    assert plain(np.int64(3)) == 3 and type(plain(np.int64(3))) is int
    assert plain(np.float64(2.5)) == 2.5 and plain("x") == "x" and plain([1, 2]) == [1, 2]
    several = np.array([1, 2])
    assert plain(several) is several and not is_missing(several)


@pytest.mark.parametrize(
    "value",
    [dt.date(2025, 6, 10), dt.datetime(2025, 6, 10, 23, 59), pd.Timestamp("2025-06-10"), "2025-06-10",
     "2025-06-10T08:00:00", np.datetime64("2025-06-10")],
)  # fmt: skip
def test_values_days_from_every_form(value):
    assert iso_date(value) == "2025-06-10"
    assert to_date(value) == dt.date(2025, 6, 10)


def test_values_to_date_rejects_a_non_day():
    with pytest.raises(ValueError):
        to_date("June 10")
