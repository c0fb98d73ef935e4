"""Module-level stand-ins for `extract_article` that worker processes can import by name."""

from __future__ import annotations

import os

from pipeline.ingest.page import extract_article


def die_on_poison(body: bytes, url: str, **kwargs: object) -> dict:
    """Like extract_article, but the worker process dies outright (as on a C parser abort) on b"POISON"."""
    if body == b"POISON":
        os._exit(1)
    return extract_article(body, url, **kwargs)


def raise_on_poison(body: bytes, url: str, **kwargs: object) -> dict:
    if body == b"POISON":
        raise KeyError("a parser bug")
    return extract_article(body, url, **kwargs)


def slow_on_request(body: bytes, url: str, **kwargs: object) -> dict:
    """b"SLOW" hangs (as trafilatura can on a pathological page); b"ONCE:<path>" hangs only the first
    time (it leaves <path> behind), so a retry of it succeeds."""
    import time
    from pathlib import Path

    if body == b"SLOW":
        time.sleep(120)
    if body.startswith(b"ONCE:"):
        marker = Path(body[5:].decode())
        if not marker.exists():
            marker.touch()
            time.sleep(120)
        return {"url": url, "retried": True}
    return extract_article(body, url, **kwargs)
