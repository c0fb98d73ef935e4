"""What a text is: bytes that are no text at all, and which language it is written in.

One guard for both sides of the pipeline: ingest refuses binary bodies served as HTML or text and
labels each article's language; the extractors skip binary or non-English input (their rules are
English). Pure functions over the first few kilobytes, so a huge input costs no more than a page.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

SAMPLE = 4096
"""Bytes (or characters) read to tell text from binary: enough for any page's head."""
BINARY_SHARE = 0.05
"""Share of control characters in the sample above which the input is binary."""
MAX_NULS = 8
"""More NULs than this in the sample is binary whatever the share (images, archives, executables)."""
_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27)) + b"\x7f"
"""Control characters no text contains: tab, newline, form feed, carriage return and escape (which
ISO-2022 encodings use between character sets) are text."""
_CONTROL_CHARS = re.compile("[" + re.escape(_CONTROL.decode("ascii")) + "]")

FUNCTION_WORDS: dict[str, frozenset[str]] = {
    lang: frozenset(words)
    for lang, words in json.loads(
        (Path(__file__).parent / "data" / "function_words.json").read_text("utf-8")
    ).items()
    if not lang.startswith("_")
}
"""The commonest words of each language we label (data/function_words.json): a vote among them tells
the language of a text."""
ENGLISH_SHARE = 0.08
"""English news runs at 0.2 or more of these words; German pages at 0.04 or less."""
_LATIN_WORD = re.compile(r"[a-z]+")
_WORD = re.compile(r"[a-zà-ÿ]+")


def looks_binary(data: bytes | str) -> bool:
    """True for input that is no text in any encoding: more than MAX_NULS NULs, or control characters
    over BINARY_SHARE of the first SAMPLE bytes or characters. A stray control byte in a real page is
    tolerated; UTF-16/32 bytes with a byte-order mark are text."""
    head = data[:SAMPLE]
    if isinstance(head, str):
        controls = len(_CONTROL_CHARS.findall(head))
        nuls = head.count("\0")
    else:
        if head.startswith((b"\xff\xfe", b"\xfe\xff")):
            return False
        controls = sum(head.count(b) for b in _CONTROL)
        nuls = head.count(0)
    return nuls > MAX_NULS or controls > len(head) * BINARY_SHARE


def looks_english(text: str) -> bool:
    """False for texts of 40+ words where English function words are rare (German, French, Chinese)."""
    words = _LATIN_WORD.findall(text[:20_000].lower())
    if len(words) < 40:
        return True
    english = FUNCTION_WORDS["en"]
    return sum(map(english.__contains__, words)) >= ENGLISH_SHARE * len(words)  # map: no Python loop


def guess_language(text: str, declared: str | None = None) -> str | None:
    """Declared `<html lang>` when present, else a function-word vote among en/de/fr/es (None if unsure)."""
    if declared and re.fullmatch(r"[a-z]{2,3}", declared):
        return declared
    words = _WORD.findall(text[:5000].lower())
    if len(words) < 20:
        return None
    scores = {lang: sum(w in vocabulary for w in words) for lang, vocabulary in FUNCTION_WORDS.items()}
    lang, score = max(scores.items(), key=lambda kv: kv[1])
    return lang if score >= max(3, len(words) // 20) else None
