"""Entity mentions in a sentence and the small geometry over them: nearest, coordinated, objects.

Pure functions over a sentence's text and its registry mentions (offsets relative to the
sentence); `extractors.subjects` decides which mention a figure is about.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractors.fast_start import fast_compile

MAKER_KINDS = ("company", "brand", "model")
MARKET_KINDS = ("country", "region")
_COORD_GAP = re.compile(
    r"^\s*(?:\([^()\d]{0,30}\)\s*)?"  # "Rivian Automotive (NASDAQ: RIVN), Lordstown Motors (NASDAQ: RIDE), and Canoo"
    r"(?:(?:sedans?|SUVs?|hatchbacks?|EVs?|hybrids?|models?|pickups?|pick-up\s+trucks?|pickup\s+trucks?|trucks?|"
    r"crossovers?|MPVs?)\s*)?"
    r"(?:(?:Co|Corp|Inc|Ltd|Plc|AG|SE|Motors?|Group|Holdings?|Automotive|Auto)\.?\s*)?"
    r"(?:,|and|&|/|,\s*and|as\s+well\s+as)\s*(?:the\s+|its\s+(?:[\w-]+\s+){0,2}?(?:brand|marque|unit)\s+|"
    r"(?:its\s+)?(?:affiliate|sister\s+(?:company|brand)|subsidiary)\s+)?$"
)  # "its Han sedan and Tang SUV hybrids", "the EU, Britain and the European Free Trade Area",
# "Hyundai Motor Co. and Kia Corp.", "Hyundai, Kia and its luxury brand Genesis", "Hyundai and affiliate Kia"
_GAP_BRACKET = re.compile(r"\s*\([^()]{0,30}\)")
_LIST_FILLER = re.compile(r"^\s*,\s*(?:(?-i:[A-Z][\w-]*)(?:\s+(?-i:[A-Z][\w-]*))?\s*,\s*){1,3}")
_POSSESSIVE = re.compile(r"^(?:'s|’s|')")
# the gap between a figure and the name it describes: a bracket and up to three modifiers
# ("$11,000 (£8,800) all-electric Seagull"), no function word ("by 10% and the ID.3")
ATTACHED_AFTER = re.compile(
    r"[)\]]?\s*(?:(?!(?:and|or|but|while|whereas|than|the|a|an|for|to|of|in|on|at|from|with|by)\b)[\w-]+\s+){0,3}",
    re.I,
)
_BREAK = fast_compile(r",|;|\bwhile\b|\bbut\b|\bwhereas\b|\bwhich\b|—|–")


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    id: str
    kind: str
    text: str

    def shifted(self, offset: int) -> Mention:
        return Mention(self.start - offset, self.end - offset, self.id, self.kind, self.text)


def makers(mentions: list[Mention]) -> list[Mention]:
    return [m for m in mentions if m.kind in MAKER_KINDS]


def markets(mentions: list[Mention]) -> list[Mention]:
    return [m for m in mentions if m.kind in MARKET_KINDS]


def nearest_left(mentions: list[Mention], pos: int, kinds: tuple[str, ...] = MAKER_KINDS) -> Mention | None:
    best = None
    for m in mentions:
        if m.end <= pos and m.kind in kinds:
            best = m
    return best


def maker_named_last(mentions: list[Mention], at: int) -> bool:
    """Whether the name nearest before `at` is a maker's or model's (a market's count is no maker's)."""
    nearest = max((m for m in mentions if m.end <= at), key=lambda m: m.end, default=None)
    return nearest is not None and nearest.kind in MAKER_KINDS


def coordinated(text: str, mentions: list[Mention], head: Mention) -> list[Mention]:
    """The head plus mentions coordinated with it before: "Li Auto, Nio, XPeng rose 2%" → all three;
    markets with markets ("Germany and Italy continued to decline")."""
    chain = [head]
    kinds = MARKET_KINDS if head.kind in MARKET_KINDS else MAKER_KINDS
    ordered = [m for m in mentions if m.kind in kinds and m.end <= head.start]
    cur = head
    for m in reversed(ordered):
        if re.fullmatch(r"(?:'s|’s)\s+", text[m.end : cur.start]) and cur.kind == "model":
            cur = Mention(
                m.start, cur.end, cur.id, cur.kind, cur.text
            )  # "Kia's EV3": the owner names the model
            continue
        if _COORD_GAP.match(text[m.end : cur.start]):
            chain.insert(0, m)
            cur = m
        else:
            break
    return chain


def objects_after(
    text: str, mentions: list[Mention], pos: int, limit: int = 90, kinds: tuple[str, ...] = MAKER_KINDS
) -> list[Mention]:
    """Makers (or markets) named after a comparative verb: "surpassing both BMW and Mercedes-Benz in ..."."""
    out: list[Mention] = []
    after = [m for m in mentions if m.start >= pos and m.kind in kinds]
    last_end = pos
    for m in after:
        if not out and m.start - pos > limit:
            break  # the first name within `limit`; a list goes on as long as it is a list
        gap = text[last_end : m.start]
        if out:  # "the Tesla Model Y (4359 sales), Tesla Model 3", "Nissan, Smart, Toyota": a bracket, unlisted names
            gap = _LIST_FILLER.sub(", ", _GAP_BRACKET.sub("", gap))
        if out and not _COORD_GAP.match(gap) and not re.match(r"^\s*(?:,\s*)?(?:and|or)\s+(?:the\s+)?$", gap):
            break
        if not out and (re.search(r";|\d", gap) or len(gap) > 60):
            break
        owned = next(
            (
                o
                for o in after
                if o.start > m.end and re.fullmatch(r"(?:'s|’s)\s+(?:[\w-]+\s+){0,2}", text[m.end : o.start])
            ),
            None,
        )
        if owned is not None:
            m = owned  # "outsold Tesla's Model 3": the model is compared, not its maker
        out.append(m)
        last_end = m.end
    return out


def has_break(text: str) -> bool:
    return bool(_BREAK.search(text))


def possessive_after(text: str, m: Mention) -> bool:
    return bool(_POSSESSIVE.match(text[m.end : m.end + 2]))


def counted_names(sent: str, q, mentions: list[Mention]) -> list[Mention]:
    """The makers or models named right after a number, as what it counts: "596 907 BMW, MINI and
    Rolls-Royce vehicles", "14,000 Enyaq models", "19,000 Model Xs and others"."""
    out: list[Mention] = []
    pos = q.end
    for m in sorted(
        (m for m in mentions if m.start >= q.end and m.kind in MAKER_KINDS), key=lambda m: m.start
    ):
        gap = sent[pos : m.start]
        if not (
            _COUNTED_GAP.fullmatch(gap) and (out or not gap.strip()) or not out and _MODIFIERS.fullmatch(gap)
        ):
            break
        out.append(m)
        pos = m.end
    return out


def single_count(sent: str, q, mentions: list[Mention]) -> Mention | None:
    """The one model a number counts ("sold 14,000 Enyaq models", "200,000 EV3s a year"), not a
    list of names or "... and others": that model is the figure's subject."""
    names = counted_names(sent, q, mentions)
    if len(names) == 1 and names[0].kind == "model" and not _AND_OTHERS.match(sent, names[0].end):
        return names[0]
    return None


_MODIFIERS = re.compile(
    r"\s+(?:(?:[a-z]+-(?:[a-z]+-)*[a-z]+|[a-z]+-\s+(?:and|or)\s+[a-z]+-[a-z]+|electric|new|all-new)\s+){1,3}"
)  # "2,695 five-seater ES6s", "1,477 six- and seven-seater ES8s": the model counted after its description
_COUNTED_GAP = re.compile(r"\s*(?:,\s*|/\s*)?(?:and\s+)?")
_AND_OTHERS = re.compile(r"\s*(?:,\s*)?(?:and|or)\s+(?:others|other\b)")
