"""Comparability keys: the segment, basis, period and market claims must share to be judged together."""

from __future__ import annotations

from collections import defaultdict

from contract.spec import CURRENCIES, SPEC_METRICS

# A claim leaving the market unstated is compared with one naming these (README: GLOBAL, HK listing).
DEFAULT_MARKETS = frozenset({"GLOBAL", "HK"})


def segment(c: dict, registry) -> str | None:
    """The claim's segment; unstated for a maker that sells only NEVs means `nev`. Kept on the
    claim (our own copy of it), as pairs ask for it again and again."""
    if "_segment" not in c:
        seg = c.get("segment")
        c["_segment"] = "nev" if seg is None and _nev_only(c.get("subject"), registry) else seg
    return c["_segment"]


def _nev_only(subject: str | None, registry) -> bool:
    """The subject, or the maker it belongs to, sells only new-energy vehicles (Onvo is NIO's)."""
    if not subject or registry is None:
        return False
    return any(registry.nev_only(s) for s in (subject, *registry.ancestors(subject)))


def market(c: dict) -> str | None:
    """Geography as a comparison key: unstated, GLOBAL, HK (a listing) and the subject's own market
    count as the same market."""
    if "_market" in c:
        return c["_market"]
    geo = c.get("geography")
    subj = (c.get("subject") or "").upper()
    if geo is None or geo in DEFAULT_MARKETS or geo == subj:
        return None
    return geo


# Figures that hold on a day, not over a period: prices and specifications (claims.md leaves their
# period null). A period stated for one does not keep it apart from the same figure left undated.
PERIODLESS_METRICS = SPEC_METRICS  # a model's price and specifications (contract/metric_classes.json)


def unit_key(unit: str | None) -> str | None:
    """Units that are compared with each other: every currency is one (amounts are converted)."""
    return "currency" if unit in CURRENCIES else unit


def _scope_but_market(c: dict, registry) -> tuple:
    return (
        c["metric"],
        unit_key(c.get("unit")),
        segment(c, registry),
        c.get("basis"),
        c.get("period_start"),
        c.get("period_end"),
    )


def fill_unstated_markets(claims: list[dict], registry) -> None:
    """Geography separates claims only when both name markets and the markets differ: a claim that
    leaves it unstated is judged with claims naming one market for the same subject, metric, segment,
    basis and period. When several markets are named, the unstated claim stays apart (linked)."""
    named: dict[tuple, set[str]] = defaultdict(set)
    for c in claims:
        m = market(c)
        if m is not None:
            named[(c["subject"], *_scope_but_market(c, registry))].add(m)
    for c in claims:
        if market(c) is None:
            markets = named.get((c["subject"], *_scope_but_market(c, registry)), set())
            if len(markets) == 1:
                c["_market"] = next(iter(markets))


def fill_unstated_periods(claims: list[dict]) -> None:
    """A price or specification left undated is judged with the claims that date the same figure
    (same subject, metric, segment and market, or a market one of them leaves unstated) when they
    all give one period: "starts at €22,990" and "costs €18,990 in 2025" are one price, not a
    different scope. Sets the period on our copy and marks it `_period_filled`. With several stated
    periods the undated claim stays apart."""
    stated: dict[tuple, dict[tuple, set]] = defaultdict(lambda: defaultdict(set))

    def k(c: dict) -> tuple:
        return (c["subject"], c["metric"], unit_key(c.get("unit")), c.get("segment"), c.get("basis"))

    for c in claims:
        if c["metric"] in PERIODLESS_METRICS and (c.get("period_start"), c.get("period_end")) != (None, None):
            stated[k(c)][(c.get("period_start"), c.get("period_end"))].add(market(c))
    for c in claims:
        if c["metric"] in PERIODLESS_METRICS and (c.get("period_start"), c.get("period_end")) == (None, None):
            m = market(c)
            periods = [p for p, ms in stated.get(k(c), {}).items() if m is None or None in ms or m in ms]
            if len(periods) == 1:
                c["period_start"], c["period_end"] = periods[0]
                c["_period_filled"] = True


def scope_key(c: dict, registry) -> tuple:
    """Everything but the subject that claims must share to be judged together."""
    return (*_scope_but_market(c, registry), market(c))


def member_key(c: dict, registry) -> tuple:
    return (c["subject"], *scope_key(c, registry))


def key_dict(c: dict, subject: str, registry) -> dict:
    """A group's key as written out: the scope of `c` under `subject`."""
    return {
        "subject": subject,
        "metric": c["metric"],
        "segment": segment(c, registry),
        "basis": c.get("basis"),
        "period_start": c.get("period_start"),
        "period_end": c.get("period_end"),
        "geography": market(c),
    }


def _open_ends(start: str | None, end: str | None) -> tuple[str, str]:
    """A period's first and last day, an unstated end reaching as far as the calendar goes."""
    return start or "0000-01-01", end or "9999-12-31"


def periods_overlap(a: dict, b: dict) -> bool:
    """True when two periods share a day, nest, or either is unknown (nothing says they are apart)."""
    a0, a1, b0, b1 = a.get("period_start"), a.get("period_end"), b.get("period_start"), b.get("period_end")
    if (a0 is None and a1 is None) or (b0 is None and b1 is None):
        return True
    lo_a, hi_a = _open_ends(a0, a1)
    lo_b, hi_b = _open_ends(b0, b1)
    return lo_a <= hi_b and lo_b <= hi_a


def period_relation(pa: tuple, pb: tuple) -> str:
    """How two different, touching periods relate, in words."""
    if pa == (None, None) or pb == (None, None):
        return "one unstated"
    lo_a, hi_a = _open_ends(*pa)
    lo_b, hi_b = _open_ends(*pb)
    if (lo_a <= lo_b and hi_b <= hi_a) or (lo_b <= lo_a and hi_a <= hi_b):
        return "one inside the other"
    return "overlapping"
