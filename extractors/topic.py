"""Whether text is about vehicles and their industry: the gate in front of the claim rules.

General news is full of prices, shares and revenues the claim rules would read, and of registry
aliases that name something else there: "Lincoln" a Chicago street, "Leaf" in "Tea Leaf", "Tata"
the group that assembles iPhones, "Panasonic" a Blu-ray player. The gate scores text by evidence of
vehicle talk: the phrases of `data/topic.jsonl` (weighted: "automaker" counts fully, "battery" a
quarter) and the registry makers named by an unambiguous alias; the same file's words of other
trades count against it ("smartphone", "tickets", "bourbon": Xiaomi's phone prices are no claims).

* A text is on topic as a whole (every EV news story) when its evidence per word reaches
  `DENSITY`, with at least one phrase or name of full weight, and is spread over it: `COVERAGE`
  of the text lies within `REACH` characters of some evidence.
* Otherwise only its paragraphs (lines) with evidence of their own, helped by their neighbours',
  are: the car passage of a general page, not the theatre listings around it.
* A mention by an alias the registry marks `ambiguous` counts only with evidence of weight
  `CONTEXT` or more within `CONTEXT_CHARS` of it; without, it is dropped, so it is neither a
  subject nor evidence ("Lincoln" beside one "battery" in a theatre listing stays out).

Claim rules then run only on sentences inside on-topic text, so an off-topic article costs one
vocabulary scan instead of a rule run. Pure functions over offsets; the spaCy side (matching the
phrases, the mentions) is `extractors.components.TopicGate`.
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from contract.errors import PatternError
from contract.jsonl import iter_objects
from extractors.registry import data_path

DENSITY = 5.0  # evidence per 1000 words from which a whole text is on topic (car news: 19+, others: < 4)
MIN_WORDS = 200  # a shorter text is scored as if this long: one maker name makes a short item on topic
REACH = 1000  # characters (about 170 words) either side of a full-weight piece of evidence it speaks for ...
COVERAGE = 0.9  # ... and the share of a text they must cover (car news: 0.99+; crash reports 0.5-0.9)
PARAGRAPH_OWN = 1.0  # evidence a paragraph of an off-topic text needs itself ...
PARAGRAPH_NEAR = 2.0  # ... and with half of its neighbours' evidence
CONTEXT = 1.0  # evidence an ambiguous alias needs near it ...
CONTEXT_CHARS = 400  # ... within this many characters (about two sentences either side)

_LINE = re.compile(r"[^\n]*\S[^\n]*")


class Evidence(NamedTuple):
    """Vehicle talk at `start` (a character offset): a topic phrase or an unambiguous maker name
    (negative weight: talk of another trade). A named tuple: a long page has thousands."""

    start: int
    weight: float


@dataclass(frozen=True)
class Gate:
    """The gate's verdict on one text: `spans` are the (start, end) offsets claims may come from."""

    score: float  # evidence per 1000 words of the whole text
    whole: bool  # the whole text is on topic
    spans: tuple[tuple[int, int], ...]

    def covers(self, start: int) -> bool:
        """Whether the character at `start` lies in on-topic text."""
        i = bisect.bisect_right(self.spans, (start, float("inf"))) - 1
        return i >= 0 and self.spans[i][0] <= start < self.spans[i][1]


def load_terms(path: str | Path) -> dict[str, float]:
    """Topic phrases (lowercased) → weight, from a JSONL file of `{"weight", "phrases"}` lines."""
    out: dict[str, float] = {}
    for n, row in iter_objects(path, PatternError):
        weight, phrases = row.get("weight"), row.get("phrases")
        if (
            not isinstance(weight, int | float)
            or isinstance(weight, bool)
            or not -1 <= weight <= 1
            or not weight
        ):
            raise PatternError(
                f"{path}:{n}: weight must be a non-zero number in [-1, 1], got {weight!r}",
                path=str(path),
                line=n,
            )
        if (
            not isinstance(phrases, list)
            or not phrases
            or not all(isinstance(p, str) and p.strip() for p in phrases)
        ):
            raise PatternError(
                f"{path}:{n}: phrases must be a non-empty list of strings", path=str(path), line=n
            )
        for p in phrases:
            key = p.lower()
            if key in out:
                raise PatternError(f"{path}:{n}: phrase {p!r} is listed twice", path=str(path), line=n)
            out[key] = float(weight)
    return out


@lru_cache(maxsize=2)
def topic_terms(path: str | None = None) -> dict[str, float]:
    """The topic phrases of `data/topic.jsonl` (cached: read once per process)."""
    return load_terms(path or data_path("topic.jsonl"))


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-blank line: news text puts one paragraph, headline or bullet a line."""
    return [m.span() for m in _LINE.finditer(text)]


class Context:
    """Evidence by position, to ask how much of it lies near a mention."""

    def __init__(self, evidence: list[Evidence]) -> None:
        ordered = sorted(evidence, key=lambda e: e.start)
        self.starts = [e.start for e in ordered]
        self.cumulative = [0.0, *itertools.accumulate(e.weight for e in ordered)]

    def near(self, pos: int, chars: int = CONTEXT_CHARS) -> float:
        """Evidence starting within `chars` of `pos`."""
        i = bisect.bisect_left(self.starts, pos - chars)
        j = bisect.bisect_right(self.starts, pos + chars)
        return self.cumulative[j] - self.cumulative[i]


def coverage(length: int, evidence: list[Evidence], reach: int = REACH) -> float:
    """Share of a text of `length` characters within `reach` of some evidence (times its weight:
    "bus" in every paragraph of a city guide speaks for little around it; evidence against none)."""
    covered, end = 0, 0
    spans = sorted((e.start - reach * e.weight, e.start + reach * e.weight) for e in evidence if e.weight > 0)
    for lo, hi in spans:
        lo, hi = max(lo, end), min(hi, length)
        if hi > lo:
            covered += hi - lo
            end = hi
    return covered / length if length else 0.0


def decide(text: str, n_words: int, evidence: list[Evidence]) -> Gate:
    """On-topic spans of `text`: all of it when dense in evidence, else its paragraphs that carry some."""
    total = sum(e.weight for e in evidence)
    score = 1000 * total / max(n_words, MIN_WORDS)
    if (
        score >= DENSITY
        and any(e.weight >= 1 for e in evidence)
        and coverage(len(text), evidence) >= COVERAGE
    ):
        return Gate(score, True, ((0, len(text)),))
    if not evidence:
        return Gate(score, False, ())
    paras = paragraphs(text)
    starts = [s for s, _e in paras]
    own = [0.0] * len(paras)
    for e in evidence:
        own[max(0, bisect.bisect_right(starts, e.start) - 1)] += e.weight
    spans = []
    for i, (s, e) in enumerate(paras):
        around = (own[i - 1] if i > 0 else 0.0) + (own[i + 1] if i + 1 < len(paras) else 0.0)
        if own[i] >= PARAGRAPH_OWN and own[i] + around / 2 >= PARAGRAPH_NEAR:
            spans.append((s, e))
    return Gate(score, False, tuple(spans))
