"""The extract stage: article text → claim records, from JSONL files, single files or the store.

The store path extracts only articles whose current text has not been extracted by the
current extractor version, and replaces each batch's claims in one transaction, so an
interrupted run resumes where it stopped without duplicates.
"""

from __future__ import annotations

import json
import logging
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import IO, TYPE_CHECKING

from contract.errors import ConfigError, ExtractionError
from contract.values import plain, to_date
from pipeline.ingest.pubdate import url_month_date

if TYPE_CHECKING:
    from extractors import Extractor
    from store import Store

log = logging.getLogger("evclaims.extract")
DEFAULT_BATCH = 200
MAX_FILE_BYTES = 10_000_000
"""Largest single file `evclaims extract FILE` reads (ingest's max_bytes default)."""


@dataclass
class ExtractResult:
    articles: int = 0
    claims: int = 0
    version: str = ""
    quantities: int = 0  # lines written by `extract --quantities`
    skipped: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {
            "articles": self.articles,
            "claims": self.claims,
            "version": self.version,
            "skipped": self.skipped,
            **({"quantities": self.quantities} if self.quantities else {}),
        }


def make_extractor(model: str | None = None) -> Extractor:
    from extractors import Extractor

    return Extractor(model=model)


def parse_published(value: object, where: str) -> date | None:
    """An ISO date from input, or None; anything else is a one-line error naming `where`."""
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        raise ConfigError(f"{where}: bad published date {value!r}; expected YYYY-MM-DD") from None


def parse_cli_date(value: str | None, flag: str) -> date | None:
    """A date given on the command line: exactly YYYY-MM-DD (nothing after it), or a one-line error."""
    if value in (None, ""):
        return None
    text, problem = value.strip(), ConfigError(f"{flag} {value!r}: not a date; expected YYYY-MM-DD")
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        raise problem
    try:
        return date.fromisoformat(text)
    except ValueError:  # well-formed but impossible, like 2025-02-30
        raise problem from None


def read_jsonl_docs(stream: IO[str], name: str) -> Iterator[tuple[str, str, date | None, dict]]:
    """Yield (id, text, published, row) from input lines with `id`, `text`, optional `published`.

    Without `published`, a date in the row's `source_url` or `url` path stands in for it, as it
    does for crawled pages: relative periods ("last month") need a reference day."""
    for n, line in enumerate(stream, 1):
        if not line.strip():
            continue
        where = f"{name}:{n}"
        try:
            row = json.loads(line)
        except json.JSONDecodeError as e:
            raise ConfigError(f"{where}: not JSON ({e.msg})") from None
        if not isinstance(row, dict) or "text" not in row:
            raise ConfigError(f"{where}: each line needs an object with 'id' and 'text'")
        text = row["text"]
        if not isinstance(text, str):
            raise ConfigError(f"{where}: 'text' must be a string")
        doc_id = str(row.get("id", n))
        published = parse_published(row.get("published"), where) or _url_day(row)
        yield doc_id, text, published, row


def _hint(row: dict) -> str | None:
    """The headline, else the URL: what names the maker and year of a text that names neither."""
    for key in ("title", "source_url", "url"):
        value = row.get(key)
        if isinstance(value, str) and value.strip():
            return value
    return None


def _url_day(row: dict) -> date | None:
    url = row.get("source_url") or row.get("url")
    return url_month_date(url) if isinstance(url, str) else None


@contextmanager
def _open_in(path: str) -> Iterator[IO[str]]:
    if path == "-":
        yield sys.stdin
        return
    p = Path(path)
    if not p.is_file():
        raise ConfigError(f"{path}: no such input file")
    with p.open(encoding="utf-8", errors="replace") as f:
        yield f


@contextmanager
def _open_out(path: str | None) -> Iterator[IO[str]]:
    if path in (None, "-"):
        yield sys.stdout
        return
    p = Path(path)
    if not p.parent.exists():
        raise ConfigError(f"{path}: folder {p.parent} does not exist")
    with p.open("w", encoding="utf-8") as f:
        yield f


def extract_jsonl(
    input_path: str,
    output_path: str | None,
    extractor: Extractor,
    progress: Callable[[int], None] | None = None,
    batch_size: int = 64,
    quantities: bool = False,
) -> ExtractResult:
    """`evclaims extract --input IN.jsonl --output OUT.jsonl`: one claim per output line, with doc_id.

    With `quantities`, one line per quantity instead (`Extractor.quantities_many`)."""
    result = ExtractResult(version=extractor.version)
    with _open_in(input_path) as fin, _open_out(output_path) as fout:
        batch: list[tuple[str, str, date | None, dict]] = []

        def flush() -> None:
            items = [(doc_id, text, published, _hint(row)) for doc_id, text, published, row in batch]
            urls = {doc_id: row.get("source_url") for doc_id, _, _, row in batch}
            for doc_id, claims in _extract_batch(extractor, items, result, quantities):
                result.articles += 1
                for c in claims:
                    out = {"doc_id": doc_id, **c}
                    if urls.get(doc_id):
                        out["source_url"] = urls[doc_id]
                    fout.write(json.dumps(out, ensure_ascii=False, default=str) + "\n")
                    if quantities:
                        result.quantities += 1
                    else:
                        result.claims += 1
            if progress:
                progress(len(batch))
            batch.clear()

        for doc in read_jsonl_docs(fin, input_path):
            batch.append(doc)
            if len(batch) >= batch_size:
                flush()
        if batch:
            flush()
    return result


def read_text_file(path: str) -> str:
    """Text of a local .txt or .html file (HTML through trafilatura)."""
    p = Path(path)
    if not p.is_file():
        raise ConfigError(f"{path}: no such file")
    size = p.stat().st_size
    if size > MAX_FILE_BYTES:  # checked before reading: a 100 MB file is no article
        raise ExtractionError(
            f"{path}: {size} bytes is more than the {MAX_FILE_BYTES} bytes one document may have", path=path
        )
    data = p.read_bytes()
    if b"\x00" in data[:4096]:
        raise ExtractionError(f"{path}: looks binary, not text or HTML", path=path)
    if p.suffix.lower() in (".html", ".htm"):
        import trafilatura

        text = trafilatura.extract(data, include_comments=False, include_tables=True)
        if not text:
            raise ExtractionError(f"{path}: no article text found in the HTML", path=path)
        return text
    return data.decode("utf-8", errors="replace")


def extract_store(
    store: Store,
    extractor: Extractor,
    *,
    batch_size: int = DEFAULT_BATCH,
    limit: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ExtractResult:
    """Extract every stored article that has no claims from the current extractor version."""
    result = ExtractResult(version=extractor.version)
    todo = store.articles_to_extract(extractor.version, limit=limit)
    total = len(todo)
    if progress:
        progress(0, total)
    for start in range(0, total, batch_size):
        batch = todo.iloc[start : start + batch_size]
        articles = batch[["article_id", "content_hash"]].to_dict("records")
        items = [
            (r.article_id, r.text, _as_date(r.published), _hint({"title": r.title, "url": r.url}))
            for r in batch.itertuples(index=False)
        ]
        claims = [
            {**c, "article_id": doc_id}
            for doc_id, found in _extract_batch(extractor, items, result)
            for c in found
        ]
        result.claims += store.replace_claims(articles, claims, extractor.version)
        result.articles += len(articles)
        log.info(
            "extracted %d articles, %d claims (batch of %d)", result.articles, result.claims, len(articles)
        )
        if progress:
            progress(len(articles), total)
    return result


def _extract_batch(
    extractor: Extractor, items: list[tuple], result: ExtractResult, quantities: bool = False
) -> list[tuple[str, list]]:
    """Extract a batch through nlp.pipe; if one document breaks the extractor, isolate it.

    The failing document is logged with its id and counted under `skipped`, and the rest of
    the batch is still extracted, so one bad article cannot stall a whole crawl. With
    `quantities`, the quantities of each document instead of its claims.
    """
    many = extractor.quantities_many if quantities else extractor.extract_many
    try:
        return list(many(items))
    except Exception as e:  # an extractor bug on some document of this batch
        log.warning("batch of %d failed (%s: %s); retrying one by one", len(items), type(e).__name__, e)
    out = []
    for doc_id, text, *rest in items:
        try:
            out.append((doc_id, next(many([(doc_id, text, *rest)]))[1]))
        except Exception as e:
            log.error("article %s: extractor failed: %s: %s", doc_id, type(e).__name__, e)
            result.skipped["extractor_error"] = result.skipped.get("extractor_error", 0) + 1
            out.append((doc_id, []))
    return out


def _as_date(value: object) -> date | None:
    value = plain(value)
    if value is None or isinstance(value, date):
        return to_date(value)
    return parse_published(value, "stored article")
