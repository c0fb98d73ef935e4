"""The claim record of shared/spec/claims.md: field names and closed vocabularies.

Every stage imports these lists instead of writing the strings at call sites; the metric classes
several stages share are data, in `metric_classes.json`. Import-free (standard library only),
so `store/` and `extractors/` can use it.
"""

from __future__ import annotations

import json
from pathlib import Path

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
CURRENCIES = (
    *("CNY", "USD", "EUR", "GBP", "JPY", "KRW", "HKD", "INR", "NOK", "SEK", "CHF"),
    *("AUD", "CAD", "SGD", "NZD", "MYR", "BRL", "THB", "PHP", "IDR", "VND"),
)  # ISO 4217 codes the extractor writes; the first eleven were the first release's
UNITS = (VEHICLE_UNIT, *PERCENT_UNITS, *CURRENCIES, "km", "kWh")

QUALIFIERS = ("exact", "approx", "more_than", "at_least", "less_than", "at_most")
MODALITIES = ("reported", "forecast", "estimate")
SEGMENTS = ("bev", "phev", "erev", "nev", "passenger", "commercial", "overseas")
BASES = ("yoy", "qoq", "mom")
RELATIONS = ("greater_than", "less_than")
REGIONS = ("EU", "EUROPE", "NORTH_AMERICA", "ASIA", "GLOBAL")

VERDICTS = ("agree", "compatible", "conflict", "different_scope", "inconsistent", "single_source")


def _metric_classes() -> dict[str, frozenset[str]]:
    """contract/metric_classes.json: the metric classes several stages share (volumes, market-level
    metrics, additive ones, specifications, metrics whose changes are in percentage points, ...)."""
    raw = json.loads((Path(__file__).with_name("metric_classes.json")).read_text(encoding="utf-8"))
    out = {}
    for name, metrics in raw.items():
        if name.startswith("_"):
            continue
        unknown = sorted(set(metrics) - set(BASE_METRICS))
        if unknown:
            raise ValueError(f"contract/metric_classes.json: {name}: unknown metrics {', '.join(unknown)}")
        out[name] = frozenset(metrics)
    return out


METRIC_CLASSES: dict[str, frozenset[str]] = _metric_classes()
VOLUME_METRICS = METRIC_CLASSES["volume"]  # counts of vehicles a maker or market sells, builds, ships
MARKET_METRICS = METRIC_CLASSES["market"]  # figures a country or region can have as subject
ADDITIVE_METRICS = METRIC_CLASSES["additive"]  # a part never exceeds its whole
SPEC_METRICS = METRIC_CLASSES["spec"]  # a model's price and specifications: no period
POINTS_METRICS = METRIC_CLASSES["points"]  # levels in percent whose changes are percentage points


def is_growth(metric: str) -> bool:
    return metric.endswith("_growth")


def empty_claim() -> dict:
    """A claim dict with every spec field present and null."""
    return dict.fromkeys(CLAIM_FIELDS)
