"""The claim record of shared/spec/claims.md: field names and closed vocabularies.

Every stage imports these lists instead of writing the strings at call sites. Import-free,
so `store/` and `extractors/` can use it.
"""

from __future__ import annotations

CLAIM_FIELDS: tuple[str, ...] = (
    "subject",
    "subject_text",
    "subject_kind",
    "metric",
    "value_low",
    "value_high",
    "unit",
    "qualifier",
    "period_start",
    "period_end",
    "period_text",
    "geography",
    "modality",
    "segment",
    "basis",
    "relation",
    "object",
    "sentence",
    "start_char",
    "end_char",
    "confidence",
)

SUBJECT_KINDS = ("brand", "company", "model", "country", "region")

BASE_METRICS = (
    "sales_volume",
    "deliveries",
    "production",
    "registrations",
    "exports",
    "orders",
    "market_share",
    "revenue",
    "net_profit",
    "gross_margin",
    "vehicle_price",
    "share_price_change",
    "cost_advantage",
    "range",
    "battery_capacity",
)
METRICS = BASE_METRICS + tuple(f"{m}_growth" for m in BASE_METRICS)

VEHICLE_UNIT = "vehicles"
PERCENT_UNITS = ("percent", "percentage_points")
CURRENCIES = ("CNY", "USD", "EUR", "GBP", "JPY", "KRW", "HKD", "INR", "NOK", "SEK", "CHF")
UNITS = (VEHICLE_UNIT, *PERCENT_UNITS, *CURRENCIES, "km", "kWh")

QUALIFIERS = ("exact", "approx", "more_than", "at_least", "less_than", "at_most")
MODALITIES = ("reported", "forecast", "estimate")
SEGMENTS = ("bev", "phev", "erev", "nev", "passenger", "commercial", "overseas")
BASES = ("yoy", "qoq", "mom")
RELATIONS = ("greater_than", "less_than")
REGIONS = ("EU", "EUROPE", "NORTH_AMERICA", "ASIA", "GLOBAL")

VERDICTS = ("agree", "compatible", "conflict", "different_scope", "inconsistent", "single_source")


def is_growth(metric: str) -> bool:
    return metric.endswith("_growth")


def empty_claim() -> dict:
    """A claim dict with every spec field present and null."""
    return dict.fromkeys(CLAIM_FIELDS)
