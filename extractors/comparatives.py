"""Comparative claims without numbers: "Aito outsold BMW and Mercedes-Benz", one claim per object."""

from __future__ import annotations

import re

from contract.spec import empty_claim
from extractors.attributes import geography_of
from extractors.claim_periods import ATTACHED_ONLY, NO_CONTEXT
from extractors.fast_start import fast_compile
from extractors.lexicon import NONE_METRIC
from extractors.mentions import MAKER_KINDS, MARKET_KINDS, Mention, nearest_left, objects_after
from extractors.quantities import Quantity
from extractors.state import DocState
from extractors.subjects import anaphor, not_objects

_PASSIVE_BEFORE = fast_compile(
    r"\b(?:was|were|been|being|is|are|got|gets|get)\s+(?:\w+ly\s+)?$|(?:,|\bonly|\bjust)\s+$", re.I
)  # "has been outpaced by", "..., only bested by"
_BY_AFTER = re.compile(
    r"\s+(?:only\s+|just\s+|solely\s+)?by\s+(?!\d|about\b|around\b|nearly\b|more\b|almost\b|some\b|over\b)",
    re.I,
)  # an agent, not a margin: "was beaten only by the Toyota Hilux"
_LEVEL_THAN = frozenset(
    {"higher than", "lower than", "larger than", "bigger than", "smaller than"}
)  # makers only
_FLIPPED = {"greater_than": "less_than", "less_than": "greater_than"}


def comparative_claims(
    sent: str,
    offset: int,
    mentions: list[Mention],
    qs: list[Quantity],
    triggers,
    resolved,
    state: DocState,
    periods=(),
) -> list[dict]:
    """ "Aito outsold BMW and Mercedes-Benz": one claim per object, null values."""
    lex = state.lexicon
    out: list[dict] = []
    seen: set[tuple[str, str, str]] = set()
    cues = [(s, e, v, "verb") for s, e, v in lex.find("comparative", sent)]
    cues += [(s, e, v, "lead") for s, e, v in lex.find("comparative_lead", sent)]
    cues += [(m.start("cue"), m.end("cue"), "less_than", "verb") for m in _RANKED_AFTER.finditer(sent)]
    cues += [
        (m.start(), m.end(), "greater_than" if m.group("dir").lower() == "more" else "less_than", "than")
        for m in _MORE_THAN.finditer(sent)
        if (not m.group("what").strip() or _COUNTED.search(m.group("what")))
        and not _DIFFERENCE_BEFORE.search(sent, max(0, m.start() - 12), m.start())
    ]  # not "makes Ford more valuable than Tesla": a count compared, or nothing named between

    real_qs = [
        q
        for q in qs
        if not q.conversion and q.kind in ("currency", "vehicles", "percent", "bare", "km", "kWh")
    ]
    for s, e, relation, how in sorted(cues):
        if how == "verb" and _PASSIVE_BEFORE.search(sent, max(0, s - 25), s) and _BY_AFTER.match(sent, e):
            relation = _FLIPPED.get(relation, relation)  # "Tesla has been outpaced by BYD": Tesla is behind
        objects = objects_after(sent, mentions, e, limit=25 if how == "than" else 90)
        kinds = MAKER_KINDS
        if how == "than" and (not objects or not _THAN_GAP.fullmatch(sent, e, objects[0].start)):
            continue  # "sold more EVs than Tesla", "3 times less sales than BYD": the maker right after "than"
        if not objects and how == "verb":
            objects, kinds = (
                objects_after(sent, mentions, e, kinds=MARKET_KINDS),
                MARKET_KINDS,
            )  # "China past Japan"
        if how == "lead" and not objects:
            subj0 = nearest_left([m for m in mentions if m.kind in MAKER_KINDS], s)
            other = next((x for x in reversed(state.recent_makers) if subj0 is None or x != subj0.id), None)
            ent = state.registry.get(other) if other else None
            if ent is None:
                continue
            objects = [Mention(-1, -1, ent.id, ent.kind, ent.name)]
        if not objects:
            continue
        if sent[s:e].lower().startswith("followed") and _LAUNCH_BEFORE.search(sent, max(0, s - 90), s):
            continue  # "expected to launch the Polestar 3 ..., followed by the Polestar 4 later": an order of launches
        if _EXAMPLES_OF_GROUP.match(sent, e, objects[0].start):
            continue  # "was followed by other notable BEVs, including the Volvo EX40": examples, not a ranking
        if _ASPIRATION.search(sent, max(0, s - 60), s):
            continue  # "looks to overtake Tesla", "on the cusp of overtaking": not (yet) a fact
        if sent[s:e].lower() in _LEVEL_THAN and (
            kinds == MARKET_KINDS or re.match(r"\s+(?:in|at|for|during)\b", sent[e : e + 8])
        ):
            continue  # "costs are lower than in the US", "than the Fremont factory, which supplies the U.S. market"
        if sent[s:e].lower() in ("past", "behind") and not re.fullmatch(
            r"\s*(?:the\s+)?", sent[e : objects[0].start]
        ):
            continue  # "past" and "behind" compare only when the entity follows at once ("propel China past Japan")
        if sent[s:e].lower() == "ahead of" and (
            not re.fullmatch(r"\s*(?:the\s+)?", sent[e : objects[0].start])
            or re.match(r"(?:'s|’s)", sent[objects[0].end : objects[0].end + 2])
            or lex.find("stock", sent)
        ):
            continue  # "ahead of Tesla's results", "shares rose ahead of ...": timing, not a ranking
        if any(q.end <= s for q in real_qs) and any(q.start >= objects[0].end for q in real_qs):
            continue
        subj = nearest_left(
            [
                m for m in not_objects(sent, mentions) if m.kind in kinds
            ],  # not "the owner of Volvo, Polestar ..."
            s,
            kinds,
        )
        if how == "than" and subj is None and anaphor(sent[:s], state) is None:
            continue  # "- fewer than Renault Zoe with 4,287 units": whose count is compared is not said
        if kinds == MAKER_KINDS and (subj is None or anaphor(sent[subj.end : s], state) is not None):
            subj = state.focus if state.focus and state.focus.kind in MAKER_KINDS else subj
        if subj is None:
            continue
        subj = _like_with_like(subj, objects, state)
        metric = _comparative_metric(sent, s, e, triggers, sent[s:e].lower(), state.last_volume_metric)
        if metric is None:
            continue
        ahead = sent[max(0, s - 40) : s]
        modality = (
            "estimate"
            if re.search(r"\b(?:likely|appears|seems|poised)\b", ahead, re.I)
            else "forecast"
            if re.search(r"\b(?:will|would|could|should|expected|set to)\b", ahead, re.I)
            else "reported"
        )
        usable = [i for i, (a, b) in enumerate(resolved) if a and b]
        before = [i for i in usable if i < len(periods) and periods[i].end <= s]
        context = None if metric in NO_CONTEXT else state.periods.last
        # "In 2023, BYD surpassed FAW-Volkswagen, and in 2024, it overtook Volkswagen China": the nearest before
        period = (
            resolved[before[-1]] if before else resolved[usable[0]] if usable else (context or (None, None))
        )
        if metric in ATTACHED_ONLY:
            period = (None, None)  # "entered the sector last year with its SU7, priced below Tesla's Model 3"
        elif how == "than" and period[1] is None:
            continue  # "has sold more EVs in Europe than Tesla for the first time", undated: no checkable count
        for obj in objects:
            key = (subj.id, obj.id, metric)
            if obj.id == subj.id or key in seen:
                continue
            if state.registry.relation(subj.id, obj.id) in ("child", "parent"):
                continue
            seen.add(key)
            c = empty_claim()
            c.update(
                subject=subj.id,
                subject_text=subj.text,
                subject_kind=subj.kind,
                metric=metric,
                value_low=None,
                value_high=None,
                unit=None,
                qualifier=None,
                period_start=period[0].isoformat() if period[0] else None,
                period_end=period[1].isoformat() if period[1] else None,
                period_text=None,
                geography=geography_of(sent, mentions, subj, state, s),
                modality=modality,
                segment=None,
                basis=None,
                relation=relation,
                object=obj.id,
                sentence=sent,
                start_char=offset,
                end_char=offset + len(sent),
                confidence=0.6,
            )
            out.append(c)
    return out


def _like_with_like(subj: Mention, objects: list[Mention], state: DocState) -> Mention:
    """ "Xiaomi undercut the Model 3": a maker compared with a model stands for its model in focus."""
    model = state.recent_model
    if (
        subj.kind in ("company", "brand")
        and objects
        and all(o.kind == "model" for o in objects)
        and model is not None
        and state.registry.relation(model.id, subj.id) == "child"
    ):
        return model
    return subj


_RANKED_AFTER = fast_compile(
    r"\b(?:rank(?:s|ed|ing)?|came|comes|coming|placed|finished|sits|sat|stood|was|is)\s+(?:in\s+)?(?:the\s+)?"
    r"(?:second|third|fourth|fifth|2nd|3rd|4th|5th)\b(?:\s+place)?[^.;]{0,60}?\b(?P<cue>after)\s+",
    re.I,
)  # "Tesla ranks third in China for electric car sales after BYD Motor and SAIC-GM-Wuling"
_MORE_THAN = fast_compile(
    r"(?:\b(?:(?:about|nearly|almost|roughly|some|around)\s+)?(?:\d+(?:\.\d+)?|two|three|four|five|six|seven|"
    r"eight|nine|ten|twice)\s+times\s+)?\b(?P<dir>more|fewer|less)\b(?P<what>(?:\s+(?!than\b)[A-Za-z’'-]+){0,4}?)\s+than\s+",
    re.I,
)  # "Tesla made 2.8 times more EVs than BYD", "sold fewer EVs in a quarter than BYD": no number before "than"
_DIFFERENCE_BEFORE = re.compile(
    r"\d\s*(?:%|percent|per\s+cent|units|cars|vehicles)?\s+$"
)  # "5% more cars than Tesla"
_COUNTED = re.compile(
    r"\b(?:EVs?|BEVs?|PHEVs?|NEVs?|cars?|vehicles?|units|sales|deliveries|registrations|orders|models|trucks|buses)\b",
    re.I,
)
_THAN_GAP = re.compile(
    r"(?:(?:its|their|the|that\s+of|those\s+of|(?:U\.S\.|US|Chinese|German|Japanese|Korean|American|local|"
    r"domestic|main|closest|nearest|big|biggest|crosstown|arch|traditional)|rivals?|competitors?)\s+)*",
    re.I,
)  # "than U.S. rival Tesla", "than its closest rival BYD"
_LAUNCH_BEFORE = re.compile(
    r"\b(?:launch|unveil|introduc|debut|reveal|releas|roll(?:ed|ing|s)?\s+out)\w*\b", re.I
)
_EXAMPLES_OF_GROUP = re.compile(
    r"\s+(?:other|several|many|some|various|a\s+(?:number|host|range)\s+of)\b[^;]*?\b(?:including|such\s+as|like)\b",
    re.I,
)
_ASPIRATION = fast_compile(
    r"\b(?:looks?|looking|aims?|aiming|hopes?|hoping|seeks?|seeking|tries|trying|wants?|plans?|planning|"
    r"bid|race|racing|attempts?|ambition|goal|target|determined|set|poised|vows?|vowed|strives?|striving)\s+"
    r"(?:of\s+|to\s+)(?:\w+\s+)?$|\bon\s+the\s+cusp\s+of\s+$|"
    r"\bclose\s+to\s+$|^\s*To\s+$|\b(?:aspir\w*|must|needs?\s+to|wants?\s+to|hopes?\s+to)\b[^.;]{0,50}$",
    re.I,
)


def _comparative_metric(
    sent: str, s: int, e: int, triggers, cue: str, context: str | None = None
) -> str | None:
    """The metric compared: the cue's own ("outsold"), the nearest trigger, else the volume the article counts."""
    if cue.startswith("outs") or "seller" in cue:
        return (
            "registrations" if context == "registrations" else "sales_volume"
        )  # a registrations table's sales
    if any(w in cue for w in ("cheaper", "expensive", "pricier", "undercut", "priced")):
        return "vehicle_price"
    best, best_d = None, 10**9  # the nearest claim metric
    nearest, nearest_d = None, 10**9  # the nearest measure of any kind
    for ts, te, metric in triggers:
        d = max(0, ts - e if ts >= e else (s - te) * 1.5)
        if d < nearest_d:
            nearest, nearest_d = metric, d
        if metric != NONE_METRIC and d < best_d:
            best, best_d = metric, d
    if nearest == NONE_METRIC and nearest_d < 40:
        return None  # "soaring to a market value bigger than Ford": a measure that is no claim
    return best if best_d < 120 else (context or "sales_volume")
