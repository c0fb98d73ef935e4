"""Build the spaCy pipeline: blank English (or a named trained pipeline when installed) + our rules.

Our components never *require* POS, DEP or NER, so the blank pipeline is the default and a
trained one is only an option. Importing `extractors.components` registers the factories.
"""

from __future__ import annotations

import spacy
from spacy.language import Language

from extractors import components  # noqa: F401  (registers the factories)
from pipeline.errors import ExtractionError

COMPONENTS: tuple[str, ...] = (
    "evclaims_sentences_v1",
    "evclaims_entities_v1",
    "evclaims_claims_v1",
)


def load_nlp(model: str | None = None) -> Language:
    """A pipeline that fills `Doc._.claims`: `model` when named and installed, else blank English."""
    if model:
        if not spacy.util.is_package(model):
            raise ExtractionError(
                f"spaCy pipeline {model!r} is not installed; use model=None for blank English", model=model
            )
        nlp = spacy.load(model, exclude=["ner", "lemmatizer", "textcat"])

    else:
        nlp = spacy.blank("en")
    for name in COMPONENTS:
        nlp.add_pipe(name, name=name.removesuffix("_v1"))
    return nlp
