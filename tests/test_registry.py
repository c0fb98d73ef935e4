"""The entity registry data file: coverage, aliases, parents, and checked loading."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from contract.errors import PatternError
from extractors.registry import load_registry, read_entities

REG = load_registry()


def alias_index():
    out: dict[str, set[str]] = {}
    for ent in REG:
        for a in ent.aliases:
            out.setdefault(a, set()).add(ent.id)
    return out


def test_registry_covers_at_least_80_makers_brands_and_models():
    makers = [e for e in REG if e.kind in ("company", "brand", "model")]
    assert len(makers) >= 80
    countries = {e.country for e in makers}
    assert {"CN", "DE", "US", "KR", "JP"} <= countries


@pytest.mark.parametrize(
    ("alias", "slug"),
    [
        ("AITO", "aito"),
        ("Aito", "aito"),
        ("Wenjie", "aito"),
        ("问界", "aito"),
        ("Mercedes", "mercedes-benz"),
        ("HIMA", "hima"),
        ("HarmonyOS Smart Mobility", "hima"),
        ("CATL", "catl"),
    ],
)
def test_registry_aliases_resolve_to_one_slug(alias, slug):
    assert alias_index()[alias] == {slug}


def test_registry_descriptions_are_not_aliases():
    assert "the Shenzhen-based automaker" not in alias_index()


def test_registry_parents_chain_models_to_companies():
    assert REG.ancestors("aito-m9") == ["aito", "seres"]
    assert REG.relation("zeekr", "geely") == "child"
    assert REG.relation("geely", "zeekr") == "parent"
    assert REG.relation("byd", "tesla") is None


def test_registry_model_prefix_follows_the_listed_models():
    assert REG.model_prefix("mercedes-benz") == "mercedes"  # mercedes-eqs, mercedes-eqe ...
    assert REG.model_prefix("volvo-cars") == "volvo" and REG.model_prefix("volkswagen") == "vw"
    assert REG.model_prefix("tesla") == "tesla" and REG.model_prefix("byd") == "byd"
    assert REG.ancestors("volvo-xc70") == ["volvo-cars", "geely"]  # a derived model finds its maker


def test_registry_unlisted_model_code_takes_the_model_prefix(ex):
    claims = ex.extract("Volvo Cars sold 583 units of the Volvo XC70 in Korea in June.", dt.date(2024, 7, 5))
    assert {c["subject"] for c in claims} == {"volvo-xc70"}


def test_registry_nev_only_makers():
    assert REG.nev_only("byd") and REG.nev_only("tesla") and REG.nev_only("aito")
    assert not REG.nev_only("bmw")


def test_registry_shipped_aliases_name_one_entity_each():
    clashes = {a: ids for a, ids in alias_index().items() if len(ids) > 1}
    assert clashes == {}


def test_registry_bad_line_names_file_and_line(tmp_path):
    path = tmp_path / "entities.jsonl"
    good = {
        "id": "x",
        "name": "X",
        "kind": "company",
        "parent": None,
        "country": "CN",
        "nev_only": False,
        "aliases": ["X"],
    }
    path.write_text(json.dumps(good) + "\n" + json.dumps({**good, "kind": "planet"}) + "\n", encoding="utf-8")
    with pytest.raises(PatternError, match=r"entities.jsonl:2: unknown kind 'planet'"):
        read_entities(path)


def test_registry_alias_naming_two_entities_is_an_error(tmp_path):
    path = tmp_path / "entities.jsonl"
    rows = [
        {
            "id": "a",
            "name": "A",
            "kind": "company",
            "parent": None,
            "country": "CN",
            "nev_only": False,
            "aliases": ["Apex"],
        },
        {
            "id": "b",
            "name": "B",
            "kind": "company",
            "parent": None,
            "country": "CN",
            "nev_only": False,
            "aliases": ["Apex"],
        },
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    with pytest.raises(PatternError, match=r"alias 'Apex' of 'b' already names 'a'"):
        load_registry(str(path))


def test_registry_derived_model_slugs_hang_under_the_entity_they_extend():
    from extractors.registry import derived_slug, load_registry

    reg = load_registry()
    assert derived_slug("tesla-model-x", "Plaid") == "tesla-model-x-plaid"
    assert derived_slug("leapmotor", "C10") == "leapmotor-c10"
    plaid = reg.get("tesla-model-x-plaid")
    assert (plaid.kind, plaid.parent) == ("model", "tesla-model-x")
    assert reg.ancestors("tesla-model-x-plaid")[:2] == ["tesla-model-x", "tesla"]
    assert reg.relation("leapmotor-c10", "leapmotor") == "child"
    assert reg.get("no-such-maker-c10") is None
    assert reg.get("cn-x1") is None  # markets have no models


def test_registry_metric_classes_are_data_and_name_only_spec_metrics():
    from contract.spec import ADDITIVE_METRICS, BASE_METRICS, METRIC_CLASSES, VOLUME_METRICS

    assert {"volume", "market", "additive", "spec", "points"} <= set(METRIC_CLASSES)
    assert all(m in BASE_METRICS for ms in METRIC_CLASSES.values() for m in ms)
    assert VOLUME_METRICS <= ADDITIVE_METRICS  # a volume is a sum of its parts


def test_registry_maker_in_hint_reads_headlines_and_url_paths_not_hosts():
    url = "https://news.example/press-release/stellantis-delivers-full-year-2024-results-a5be5fw5"
    assert REG.maker_in_hint(url) == "stellantis"
    assert REG.maker_in_hint("Tesla Q3 deliveries beat estimates") == "tesla"
    assert REG.maker_in_hint("https://www.toyota-news.example/story/123") is None  # the outlet's host
    assert REG.maker_in_hint("Ford stock tumbles") is None  # an ambiguous name (a person's) needs the text
