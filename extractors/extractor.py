"""`Extractor`: the one object the extract stage talks to.

Input is guarded here, once: text is capped at `MAX_CHARS` characters (longer articles are cut at
the last line break before the cap, so offsets stay valid and work per document stays bounded);
lone surrogates (invalid UTF-8 that slipped through decoding) become "?" one for one; text that
looks binary (many control characters) or not English (few English function words) yields no
claims, since the rules are English (`contract.text`, the guard ingest uses too).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
from collections.abc import Iterable, Iterator
from importlib import resources
from pathlib import Path

from contract.errors import ExtractionError
from contract.spec import CLAIM_FIELDS
from contract.text import looks_binary, looks_english
from extractors.components import TEXT_KEY, doc_mentions, trimmed_sentences
from extractors.doc_quantities import QUANTITY_FIELDS, doc_quantities
from extractors.lexicon import load_lexicon
from extractors.nlp import COMPONENTS, load_nlp
from extractors.registry import load_registry

log = logging.getLogger(__name__)

BASE_VERSION = "0.1.0"
MAX_CHARS = 200_000  # about 30,000 words: far beyond a news article, bounds the cost of one document
_SURROGATE = re.compile("[\ud800-\udfff]")

Item = tuple  # (doc_id, text, published) or (doc_id, text, published, hint: headline or URL)
_CLAIMS = COMPONENTS[-1].removesuffix("_v1")  # the claim component's name in the pipeline


Batch = list[tuple[str, "str | None", "dt.date | None", "str | None"]]


def _batches(items: Iterable[Item], size: int) -> Iterator[Batch]:
    """Input items in lists of `size`, each text through `clean_text` (None: cannot hold claims)."""
    batch: Batch = []
    for doc_id, text, published, *rest in items:
        hint = rest[0] if rest and isinstance(rest[0], str) else None
        batch.append((doc_id, clean_text(text, doc_id), _as_date(published, doc_id), hint))
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _package_fingerprint() -> str:
    """Hash of our code, data files and component names: the extractor version's local part."""
    h = hashlib.sha256()
    root = Path(str(resources.files("extractors")))
    for path in sorted([*root.glob("*.py"), *(root / "data").glob("*")]):
        if path.is_file():
            h.update(path.name.encode())
            h.update(path.read_bytes())
    h.update("|".join(COMPONENTS).encode())
    return h.hexdigest()[:12]


def clean_text(text: object, doc_id: str = "<text>") -> str | None:
    """The text to process, or None when it cannot hold claims (empty, binary-looking)."""
    if not isinstance(text, str):
        raise ExtractionError(f"{doc_id}: text must be str, not {type(text).__name__}", doc_id=doc_id)
    if not text.strip():
        return None
    if len(text) > MAX_CHARS:
        cut = text.rfind("\n", 0, MAX_CHARS)
        text = text[: cut if cut > MAX_CHARS // 2 else MAX_CHARS]
    if _SURROGATE.search(text):
        text = _SURROGATE.sub("?", text)
    if looks_binary(text) or not looks_english(text):
        return None
    return text


def _as_date(value: object, doc_id: str) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            raise ExtractionError(
                f"{doc_id}: published {value!r} is not an ISO date", doc_id=doc_id
            ) from None
    raise ExtractionError(f"{doc_id}: published must be a date, not {type(value).__name__}", doc_id=doc_id)


class Extractor:
    """Claims from article text; `model=None` uses blank English, a named pipeline when installed.

    A document whose rules raise yields no claims instead of sinking its batch; it is logged and
    listed in `skipped` as (doc_id, reason) so callers can count it.
    """

    def __init__(self, model: str | None = None) -> None:
        self.model = model
        self.nlp = load_nlp(model)
        self.version = f"{BASE_VERSION}+{_package_fingerprint()}"
        self.skipped: list[tuple[str, str]] = []  # (doc_id, reason) of documents whose rules failed

    def extract(self, text: str, published: dt.date | None = None, hint: str | None = None) -> list[dict]:
        """Claims of one text, each a dict with exactly the keys of `contract.spec.CLAIM_FIELDS`;
        `hint` (the headline or URL) names the maker and year of a text that names neither, and the country "our country" stands for."""
        return next(self.extract_many([("<text>", text, published, hint)]))[1]

    def extract_many(self, items: Iterable[Item], batch_size: int = 64) -> Iterator[tuple[str, list[dict]]]:
        """(doc_id, text, published[, hint]) → (doc_id, claims), in input order, batched through `nlp.pipe`."""
        for batch in _batches(items, batch_size):
            yield from self._run(batch, batch_size)

    def quantities(self, text: str) -> list[dict]:
        """Every quantity of one text, each a dict with the keys of `QUANTITY_FIELDS` (no attribution)."""
        return next(self.quantities_many([("<text>", text, None)]))[1]

    def quantities_many(
        self, items: Iterable[Item], batch_size: int = 64
    ) -> Iterator[tuple[str, list[dict]]]:
        """(doc_id, text, published) → (doc_id, quantity records), in input order.

        The sentences, registry names and quantity rules of claims (`doc_quantities`); the claim
        component itself is not run."""
        lexicon, registry = load_lexicon(), load_registry()
        for batch in _batches(items, batch_size):
            texts = [text for _doc_id, text, _published, _hint in batch if text is not None]
            docs = iter(self.nlp.pipe(map(self._make_doc, texts), batch_size=batch_size, disable=[_CLAIMS]))
            for doc_id, text, _published, _hint in batch:
                if text is None:
                    yield doc_id, []
                    continue
                doc = next(docs)
                lexicon.forget()  # the cue memo holds one document's answers, as in the claim rules
                records = doc_quantities(text, trimmed_sentences(doc), doc_mentions(doc, registry), lexicon)
                yield doc_id, [{k: r[k] for k in QUANTITY_FIELDS} for r in records]

    def _make_doc(self, text: str):
        doc = self.nlp.make_doc(text)
        doc.user_data[TEXT_KEY] = text
        return doc

    def _run(self, batch: Batch, batch_size: int):
        docs = []
        for _doc_id, text, published, hint in batch:
            if text is None:
                continue
            doc = self.nlp.make_doc(text)
            doc.user_data[TEXT_KEY] = text
            doc._.published = published
            doc._.hint = hint
            docs.append(doc)
        processed = iter(self.nlp.pipe(docs, batch_size=batch_size))
        for doc_id, text, _published, _hint in batch:
            if text is None:
                yield doc_id, []
                continue
            doc = next(processed)
            if doc._.claims_error:
                self.skipped.append((doc_id, doc._.claims_error))
                log.warning("%s: no claims, extraction rules failed: %s", doc_id, doc._.claims_error)
            yield doc_id, [{k: c.get(k) for k in CLAIM_FIELDS} for c in doc._.claims or []]
