"""One row per figure: a claim repeated in an article's headline and body, or in the syndicated copies
of one near-duplicate cluster, is one figure shown once with every wording, outlet and link.

Claims are the same figure when they come from one independent source (the near-duplicate cluster,
so an article and its copies) and state the same value of the same thing: subject, metric, value,
unit, qualifier, segment, basis, geography, modality and comparison. Their periods must be equal,
except that a claim with no period (a headline's "Seres passes 80,000 sales") joins the one dated
figure of its source when there is exactly one. Claims of different sources are never merged: that
is what reconciliation compares.

Works on any dataclass with the fields of `pipeline.report.ReportClaim`; pure, no I/O.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import TypeVar

FIGURE_FIELDS = (
    "subject",
    "metric",
    "value_low",
    "value_high",
    "unit",
    "qualifier",
    "segment",
    "basis",
    "geography",
    "modality",
    "relation",
    "object",
)

T = TypeVar("T")
PeriodWords = Callable[[str | None, str | None, str | None], str]


def source_of(claim) -> str:
    """The independent source a claim came from: its cluster, else its article's URL, else itself."""
    return claim.cluster_id or claim.url or claim.claim_id


def merge_figures(claims: Sequence[T], period_words: PeriodWords) -> list[T]:
    """The claims with each figure once, in the order of each figure's first claim.

    A merged row is its first dated claim with `claim_ids`, `outlets`, `urls` and `wordings` listing
    every claim's (distinct, in order; a wording that is an article's headline first), `published`
    the earliest day, and `period` described again with every distinct `period_text` ("the first
    quarter", "Q1 2025")."""
    buckets: dict[tuple, list[int]] = defaultdict(list)
    for i, c in enumerate(claims):
        key = (source_of(c), getattr(c, "role", None), tuple(getattr(c, f) for f in FIGURE_FIELDS))
        buckets[key].append(i)
    rows: list[tuple[int, list[T]]] = []
    for members in buckets.values():
        by_period: dict[tuple, list[int]] = defaultdict(list)
        for i in members:
            by_period[(claims[i].period_start, claims[i].period_end)].append(i)
        undated = by_period.pop((None, None), [])
        if undated and len(by_period) == 1:
            only = next(iter(by_period))
            by_period[only] = sorted(by_period[only] + undated)
        elif undated:
            by_period[(None, None)] = undated
        rows += [(ids[0], [claims[i] for i in ids]) for ids in by_period.values()]
    rows.sort(key=lambda r: r[0])
    return [_merged(group, period_words) for _, group in rows]


def _merged(group: list[T], period_words: PeriodWords) -> T:
    base = next((c for c in group if c.period_end or c.period_start), group[0])

    def distinct(values) -> list:
        return list(dict.fromkeys(v for v in values if v))

    texts = distinct(c.period_text for c in group)
    dates = [c.published for c in group if c.published]
    titles = {c.title for c in group if c.title}
    wordings = distinct(w for c in group for w in (c.wordings or [c.sentence]))
    wordings.sort(key=lambda w: w not in titles)  # the headline first, then the body's sentences
    return dataclasses.replace(
        base,
        claim_ids=distinct(i for c in group for i in (c.claim_ids or [c.claim_id])),
        outlets=distinct(o for c in group for o in (c.outlets or [c.outlet])),
        urls=distinct(u for c in group for u in (c.urls or [c.url])),
        wordings=wordings,
        published=min(dates) if dates else None,
        period=period_words(base.period_start, base.period_end, "”, “".join(texts) or None)
        if len(texts) > 1
        else base.period,
    )
