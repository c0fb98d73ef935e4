"""contract.text: the one guard ingest and the extractors share (binary or text, which language)."""

from __future__ import annotations

import random

import pytest

from contract.text import guess_language, looks_binary, looks_english

ENGLISH = "BYD sold 3.02 million vehicles in 2023, up 62% from a year earlier, the company said. " * 4
GERMAN = (
    "Die Verkäufe von Elektroautos stiegen im ersten Quartal deutlich, sagte der Verband am Montag und nannte keine Zahlen. "
    * 4
)


@pytest.mark.parametrize(
    ("data", "binary"),
    [
        (random.Random(1).randbytes(4000), True),  # an image or archive served as text/html
        (b"\x00" * 9 + ENGLISH.encode(), True),  # NULs are never text
        ("\x00\x01\x02\x03binary\x04\x05" * 50, True),  # the same as str (JSONL input)
        (ENGLISH.encode(), False),
        (ENGLISH, False),
        ("比亚迪第一季度销量增长".encode("gbk"), False),
        (
            "トヨタは電気自動車を発表した。".encode("iso2022_jp") * 20,
            False,
        ),  # escape sequences switch character sets: text
        ("BYD sold cars.".encode("utf-16"), False),  # a byte-order mark: text, NULs and all
        (ENGLISH.encode() + b"\x07", False),  # one stray control byte in a real page
    ],
)
def test_text_looks_binary_bytes_and_str_alike(data, binary):
    assert looks_binary(data) is binary


def test_text_binary_is_judged_on_the_head_only():
    """A huge input costs what its first 4 KB cost: trailing junk after a long text is not read."""
    assert looks_binary("\x01" * 5000 + ENGLISH)
    assert not looks_binary(ENGLISH * 20 + "\x01" * 5000)


def test_text_looks_english():
    assert looks_english(ENGLISH) and not looks_english(GERMAN)
    assert looks_english("Kurz und knapp.")  # under 40 words: no verdict against it


def test_text_guess_language_prefers_the_declared_one():
    assert guess_language(ENGLISH) == "en" and guess_language(GERMAN) == "de"
    assert guess_language(GERMAN, declared="de") == "de" and guess_language(ENGLISH, declared="fr") == "fr"
    assert guess_language("too few words here") is None
