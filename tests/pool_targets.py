"""Module-level stand-ins for `extract_article` that worker processes can import by name."""

from __future__ import annotations

import os

from pipeline.articles import extract_article


def die_on_poison(body: bytes, url: str, **kwargs: object) -> dict:
    """Like extract_article, but the worker process dies outright (as on a C parser abort) on b"POISON"."""
    if body == b"POISON":
        os._exit(1)
    return extract_article(body, url, **kwargs)


def raise_on_poison(body: bytes, url: str, **kwargs: object) -> dict:
    if body == b"POISON":
        raise KeyError("a parser bug")
    return extract_article(body, url, **kwargs)
