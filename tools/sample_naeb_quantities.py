#!/usr/bin/env python3
"""Choose the sentences of the NAEB quantity test set: reproducible, spread over topics and articles.

    sample_naeb_quantities.py NEWS_ARTICLES_JSON [--per-topic N] [--seed S] [--text] [--exclude LIST]
    sample_naeb_quantities.py NEWS_ARTICLES_JSON --input-for SENTENCES_JSONL

Reads shared/data/naeb/news_articles.json (gold article text) and prints one JSON line per chosen
sentence: `id`, `html_file`, `topic`, `start`, `end` (character offsets into the article text) and,
with --text, the sentence itself. The committed list (tests/data/quantities_naeb/sentences.jsonl)
holds no text; tests read it from NAEB at run time. --input-for turns such a list back into
`evclaims extract --quantities --input` lines ({id, text, published}).

How sentences are chosen, before any parser has seen them:
  * each English article gets one coarse topic from words in its URL, site and title (TOPICS);
  * its text is split into sentences by a plain regex (this file, not the extractor's splitter,
    so the choice does not move when the extractor changes);
  * a sentence qualifies when it is 30-400 characters long and holds a digit or a number word
    (years, dates and times qualify too: the set must show that they are not quantities);
  * per topic, articles are shuffled with the seed and visited round-robin, one random
    qualifying sentence per visit, until the topic has N sentences or runs out.
Standard library only.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from pathlib import Path

# topic -> words of the URL, site and title that place an article in it (whole words; "*" marks a
# stem); the first topic that matches wins
TOPICS: dict[str, tuple[str, ...]] = {
    "sports": (
        "sport*",
        "nfl",
        "nba",
        "mlb",
        "nhl",
        "espn",
        "nascar",
        "f1",
        "soccer",
        "football",
        "bleacherreport",
        "rivals",
        "mlssoccer",
        "deadspin",
        "olympic*",
        "golf",
        "tennis",
        "boxing",
        "ufc",
        "coach",
        "quarterback",
        "foxsports",
        "sportingnews",
        "league",
    ),
    "crime_local": (
        "crime*",
        "police",
        "cops",
        "court*",
        "shooting",
        "shot",
        "killed",
        "murder*",
        "arrest*",
        "local",
        "metro",
        "charged",
        "trial",
        "suspect",
        "crash",
        "intruder",
        "sheriff",
        "jail",
    ),
    "business": (
        "business",
        "money",
        "finance",
        "economy",
        "economic*",
        "market*",
        "bloomberg",
        "forbes",
        "morningstar",
        "thestreet",
        "stock*",
        "invest*",
        "tax",
        "price*",
        "bank*",
        "inflation",
        "debt",
        "wsj",
        "salary",
        "jobs",
        "consumer*",
        "retail*",
        "shopping",
    ),
    "science_health": (
        "health*",
        "science*",
        "scientific*",
        "medical*",
        "space",
        "environment*",
        "popsci",
        "discovermagazine",
        "nasa",
        "climate",
        "covid*",
        "cancer",
        "genome",
        "biology",
        "nationalgeographic",
        "sci",
        "telescope",
        "phys",
        "sleep",
        "disease*",
        "study",
        "researchers",
    ),
    "technology": (
        "tech*",
        "theverge",
        "verge",
        "cnet",
        "pcmag",
        "arstechnica",
        "zdnet",
        "ai",
        "gaming",
        "games",
        "game",
        "kotaku",
        "pcgamer",
        "ign",
        "macworld",
        "pcworld",
        "engadget",
        "eweek",
        "venturebeat",
        "searchenginewatch",
        "software",
        "apple",
        "iphone",
        "google",
        "microsoft",
        "gamesradar",
        "tomshardware",
        "extremetech",
        "car",
        "cars",
        "auto*",
        "motor*",
        "vpn",
        "app*",
    ),
    "entertainment": (
        "entertainment",
        "movie*",
        "film*",
        "music",
        "tv",
        "showbiz",
        "tvshowbiz",
        "celeb*",
        "people",
        "usmagazine",
        "variety",
        "billboard",
        "hollywood",
        "perezhilton",
        "etonline",
        "ew",
        "anime*",
        "netflix",
        "album",
        "singer",
        "star",
        "actor",
        "actress",
        "celebuzz",
        "egotastic",
    ),
    "lifestyle": (
        "lifestyle",
        "lifeandstyle",
        "food*",
        "travel",
        "fashion",
        "style",
        "living",
        "recipe*",
        "home",
        "family",
        "kids",
        "holiday*",
        "christmas",
        "gift*",
        "shop*",
        "glam",
        "gq",
        "beauty",
        "drink*",
    ),
    "politics": (
        "politic*",
        "election*",
        "campaign",
        "government",
        "thehill",
        "townhall",
        "politico",
        "redstate",
        "hotair",
        "congress",
        "senate",
        "trump",
        "biden",
        "sunak",
        "opinion*",
        "world",
        "israel",
        "gaza",
        "war",
        "heritage",
        "reuters",
        "newrepublic",
        "realclearpolitics",
        "president",
        "minister",
        "un",
    ),
}
OTHER = "other"
NUMBER_WORDS = re.compile(
    r"\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
    r"sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|"
    r"hundred|thousand|million|billion|trillion|dozen|half|third|quarter|twice|double|triple)s?\b",
    re.I,
)
_ABBREV = re.compile(
    r"(?:\b[A-Z]|\b(?:Mr|Ms|Mrs|Dr|St|Sen|Rep|Gov|Gen|Lt|Col|Sgt|Jr|Sr|Inc|Ltd|Co|Corp|No|vs|Jan|Feb|"
    r"Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|U\.S|U\.K|Calif|Mass|Ill|Fla|Ave|approx|etc))\.$"
)
_END = re.compile(r"[.!?]+[\"”’')\]]*\s+(?=[\"“‘(\[]?[A-Z0-9])")
_FUNCTION = frozenset(
    [
        "the",
        "of",
        "and",
        "to",
        "in",
        "a",
        "is",
        "was",
        "for",
        "on",
        "that",
        "with",
        "by",
        "as",
        "at",
        "from",
        "it",
        "its",
        "are",
        "were",
        "has",
        "have",
    ]
)


def topic_of(article: dict) -> str:
    """The first topic whose words occur in the article's URL, site or title."""
    hay = f"{article.get('link', '')} {article.get('site', '')} {article.get('title', '')}".lower()
    tokens = re.findall(r"[a-z0-9]+", hay)
    for topic, words in TOPICS.items():
        for w in words:
            if any(t.startswith(w[:-1]) if w.endswith("*") else t == w for t in tokens):
                return topic
    return OTHER


def is_english(text: str) -> bool:
    words = re.findall(r"[a-z]+", text[:20_000].lower())
    return len(words) >= 40 and sum(w in _FUNCTION for w in words) >= 0.08 * len(words)


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence: paragraphs by line breaks, then . ! ? before a capital or digit."""
    out = []
    for para in re.finditer(r"[^\n]+", text):
        start = para.start()
        for m in _END.finditer(para.group(0)):
            cut = para.start() + m.end()
            stop = text[para.start() : para.start() + m.start() + 1]
            if m.group(0)[0] == "." and _ABBREV.search(stop[-8:]):
                continue
            out.append((start, cut))
            start = cut
        out.append((start, para.end()))
    trimmed = []
    for s, e in out:
        while e > s and text[e - 1].isspace():
            e -= 1
        while s < e and text[s].isspace():
            s += 1
        if e > s:
            trimmed.append((s, e))
    return trimmed


def qualifies(sentence: str) -> bool:
    return 30 <= len(sentence) <= 400 and bool(re.search(r"\d", sentence) or NUMBER_WORDS.search(sentence))


def sample(
    articles: list[dict], per_topic: int, seed: int, exclude: frozenset[str] = frozenset()
) -> list[dict]:
    rng = random.Random(seed)
    by_topic: dict[str, list[tuple[dict, list[tuple[int, int]]]]] = {}
    for a in sorted(articles, key=lambda a: a["id"]):
        text = a.get("text") or ""
        if not is_english(text) or a["html_file"] in exclude:
            continue
        spans = [(s, e) for s, e in sentences(text) if qualifies(text[s:e])]
        if spans:
            by_topic.setdefault(topic_of(a), []).append((a, spans))
    chosen = []
    for topic in sorted(by_topic):
        pool = by_topic[topic]
        rng.shuffle(pool)
        left = {a["html_file"]: list(spans) for a, spans in pool}
        picked = 0
        while picked < per_topic and any(left.values()):
            for a, _ in pool:
                spans = left[a["html_file"]]
                if not spans or picked >= per_topic:
                    continue
                s, e = spans.pop(rng.randrange(len(spans)))
                chosen.append(
                    {
                        "id": f"q{a['id']:03d}-{s}",
                        "html_file": a["html_file"],
                        "topic": topic,
                        "start": s,
                        "end": e,
                        "text": a["text"][s:e],
                    }
                )
                picked += 1
    return chosen


def input_lines(articles: list[dict], listed: Path) -> list[dict]:
    """{id, text, published} for each sentence of a committed list, its text read from NAEB."""
    by_file = {a["html_file"]: a for a in articles}
    out = []
    for line in listed.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            art = by_file[row["html_file"]]
            text = art["text"][row["start"] : row["end"]]
            out.append({"id": row["id"], "text": text, "published": art.get("date")})
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("articles", type=Path, help="shared/data/naeb/news_articles.json")
    ap.add_argument("--per-topic", type=int, default=25)
    ap.add_argument("--seed", type=int, default=17)
    ap.add_argument("--text", action="store_true", help="include the sentence text")
    ap.add_argument("--input-for", type=Path, metavar="SENTENCES_JSONL", help="evclaims input for a list")
    ap.add_argument(
        "--exclude",
        type=Path,
        action="append",
        default=[],
        metavar="SENTENCES_JSONL",
        help="leave out the articles of an earlier list (repeatable)",
    )
    a = ap.parse_args()
    articles = json.loads(a.articles.read_text(encoding="utf-8"))
    if a.input_for:
        for row in input_lines(articles, a.input_for):
            print(json.dumps(row, ensure_ascii=False))
        return 0
    exclude = frozenset(
        json.loads(line)["html_file"]
        for path in a.exclude
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    )
    for row in sample(articles, a.per_topic, a.seed, exclude):
        if not a.text:
            row.pop("text")
        print(json.dumps(row, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
