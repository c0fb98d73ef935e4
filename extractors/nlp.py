"""Build the spaCy pipeline: blank English (or a named trained pipeline when installed) + our rules.

Our components never *require* POS, DEP or NER, so the blank pipeline is the default and a
trained one is only an option. Importing `extractors.components` registers the factories.
"""

from __future__ import annotations

import spacy
from spacy.attrs import ORTH
from spacy.language import Language

from contract.errors import ExtractionError
from extractors import components  # noqa: F401  (registers the factories)
from extractors.registry import Registry, load_registry

COMPONENTS: tuple[str, ...] = (
    "evclaims_sentences_v1",
    "evclaims_entities_v1",
    "evclaims_topic_v1",
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
    split_alias_full_stops(nlp, load_registry())
    split_glued_sentences(nlp)
    for name in COMPONENTS:
        nlp.add_pipe(name, name=name.removesuffix("_v1"))
    return nlp


GLUED_STOP = r"(?<=[A-Z]{2})\.(?=[A-Z][a-z])"  # "per BBC.One day later": a stop whose space was lost


def split_glued_sentences(nlp: Language) -> None:
    """Split a full stop glued between an acronym and a capitalised word ("BBC.One"), as spaCy's
    English infixes already do after a lower-case letter ("ago.This"): scraped text loses the space
    where two paragraphs or a link meet, and the sentencer can only start a sentence at a token."""
    infixes = [*nlp.Defaults.infixes, GLUED_STOP]
    nlp.tokenizer.infix_finditer = spacy.util.compile_infix_regex(infixes).finditer


def split_alias_full_stops(nlp: Language, registry: Registry) -> None:
    """Keep a full stop apart from a registry alias that ends a sentence: "the Model Y." → Model | Y | .

    English tokenizer exceptions read a single letter with a full stop as an abbreviation ("Y.", "U."),
    and no suffix rule splits the stop after a capital ("7X.", "R1T.", "Mach-E."), so the alias would
    not match. Each such alias ending gets a tokenizer special case; word abbreviations ("Co.",
    "Inc.", "Corp.") and aliases written with their own stop ("U.S.") are left as they are.
    """
    done: set[str] = set()
    for ent in registry:
        for alias in ent.aliases:
            chunk = alias.split()[-1]
            if chunk.endswith(".") or chunk in done:
                continue
            done.add(chunk)
            pieces = [t.text for t in nlp.tokenizer(chunk)]
            if len(pieces[-1]) > 1 and not pieces[-1][-1].isupper():
                continue  # "Co", "Inc": a word abbreviation, and a lower-case ending splits anyway
            if [t.text for t in nlp.tokenizer(chunk + ".")] != [*pieces, "."]:
                nlp.tokenizer.add_special_case(chunk + ".", [{ORTH: p} for p in [*pieces, "."]])
