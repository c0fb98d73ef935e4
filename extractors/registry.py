"""The entity registry: EV makers, brands and models with aliases and parents.

Data lives in `data/entities.jsonl`, one entity a line:
`{"id", "name", "kind", "parent", "country", "nev_only", "aliases", "ambiguous"}`. The registry
knows that a model belongs to a brand and a brand to a company (aito-m9 → aito → seres), which the
reconciler uses to relate a brand's claim to its parent's. `ambiguous` lists the aliases that also
name something else (a person, a street, a common word, a phone or TV maker's other business):
`extractors.topic` keeps a mention by one of them only with vehicle talk near it.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from importlib import resources
from pathlib import Path

from contract.errors import PatternError
from contract.jsonl import iter_objects

REQUIRED = ("id", "name", "kind", "aliases")
KINDS = ("company", "brand", "model", "country", "region")


@dataclass(frozen=True)
class Entity:
    id: str
    name: str
    kind: str
    parent: str | None = None
    country: str | None = None
    nev_only: bool = False
    aliases: tuple[str, ...] = field(default_factory=tuple)
    ambiguous: frozenset[str] = frozenset()  # aliases that need vehicle context ("Lincoln", "Leaf")


@dataclass
class Registry:
    entities: dict[str, Entity]
    _derived: dict[str, Entity | None] = field(default_factory=dict, repr=False)

    def get(self, slug: str | None) -> Entity | None:
        """The entity of `slug`; a slug that extends a known entity's id ("tesla-model-x-plaid",
        "leapmotor-c10") is a model under it, as the extractor derives them (`derived_slug`)."""
        if not slug:
            return None
        ent = self.entities.get(slug)
        if ent is not None:
            return ent
        if slug not in self._derived:
            self._derived[slug] = self._derive(slug)
        return self._derived[slug]

    def model_prefix(self, slug: str) -> str:
        """The prefix of the model slugs under `slug`: its own id, or the first word its listed models
        share where that differs ("mercedes" under mercedes-benz, "volvo" under volvo-cars, "vw" under
        volkswagen), so a model the registry lacks gets the slug annotators write ("volvo-xc60")."""
        return self._model_prefixes.get(slug, slug)

    @cached_property
    def _model_prefixes(self) -> dict[str, str]:
        children: dict[str, list[str]] = {}
        for e in self.entities.values():
            if e.kind == "model" and e.parent:
                children.setdefault(e.parent, []).append(e.id)
        out = {}
        for parent, ids in children.items():
            if len(ids) < 2 or 2 * sum(i.startswith(parent + "-") for i in ids) > len(ids):
                continue
            first = Counter(i.split("-")[0] for i in ids).most_common(1)[0]
            if 2 * first[1] > len(ids) and first[0] not in self.entities:
                out[parent] = first[0]
        return out

    @cached_property
    def _prefix_parents(self) -> dict[str, str]:
        return {prefix: parent for parent, prefix in self._model_prefixes.items()}

    def _derive(self, slug: str) -> Entity | None:
        parts = slug.split("-")
        for cut in range(len(parts) - 1, 0, -1):
            head = "-".join(parts[:cut])
            parent = self.entities.get(head) or self.entities.get(self._prefix_parents.get(head, ""))
            if parent is not None and parent.kind in ("company", "brand", "model"):
                return Entity(slug, slug, "model", parent.id, parent.country, parent.nev_only, ())
        return None

    def maker_in_hint(self, hint: str) -> str | None:
        """The first maker a headline or URL slug names ("stellantis-delivers-full-year-2024-results"):
        whole words, any case, only aliases of four letters or more that name nothing else."""
        words = _hint_words(hint)
        found = [
            (m.start(), slug)
            for m in self._hint_names.finditer(words)
            if (slug := self._hint_slugs[m.group(1)])
        ]
        return min(found)[1] if found else None

    def market_in_hint(self, hint: str, demonyms: dict[str, str]) -> str | None:
        """The first country a headline or URL slug names by its name or its people's adjective
        ("...-electric-cars-in-spain", "the-italian-market-is-among-..."): what "our country" stands for."""
        words = _hint_words(hint)
        found = [
            (m.start(), slug)
            for name, slug in (*self._hint_countries.items(), *demonyms.items())
            if len(name) > 3 and (m := re.search(rf"\b{re.escape(name)}\b", words))
        ]
        return min(found)[1] if found else None

    @cached_property
    def _hint_countries(self) -> dict[str, str]:
        return {
            a.lower(): e.id
            for e in self.entities.values()
            if e.kind == "country"
            for a in e.aliases
            if a.isascii()
        }

    @cached_property
    def _hint_slugs(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for e in self.entities.values():
            if e.kind in ("company", "brand"):
                for a in e.aliases:
                    if len(a) >= 4 and a not in e.ambiguous and a.isascii():
                        out.setdefault(re.sub(r"[-_/.]+", " ", a).lower(), e.id)
        return out

    @cached_property
    def _hint_names(self) -> re.Pattern[str]:
        names = sorted(self._hint_slugs, key=len, reverse=True)
        return re.compile(r"\b(" + "|".join(re.escape(n) for n in names) + r")\b")

    def ancestors(self, slug: str) -> list[str]:
        """Parents of `slug`, nearest first (aito-m9 → [aito, seres])."""
        out, seen = [], {slug}
        ent = self.get(slug)
        while ent and ent.parent and ent.parent not in seen:
            out.append(ent.parent)
            seen.add(ent.parent)
            ent = self.get(ent.parent)
        return out

    def relation(self, a: str, b: str) -> str | None:
        """How `a` relates to `b`: 'same', 'child' (a under b), 'parent' (a above b), or None."""
        if a == b:
            return "same"
        if b in self.ancestors(a):
            return "child"
        if a in self.ancestors(b):
            return "parent"
        return None

    def nev_only(self, slug: str | None) -> bool:
        ent = self.get(slug)
        return bool(ent and ent.nev_only)

    @cached_property
    def market_codes(self) -> dict[str, str]:
        """Country and region ids → the claim's geography code ("cn" → "CN", "europe" → "EUROPE")."""
        return {
            e.id: (e.country or e.id.upper())
            for e in self.entities.values()
            if e.kind in ("country", "region")
        }

    @cached_property
    def short_names(self) -> dict[str, tuple[str, ...]]:
        """Model names without their maker's name ("Han" of "BYD Han", "M7" of "Aito M7"), where
        that short form is no alias of its own: news drops the maker once it is named."""
        aliases = {a for e in self.entities.values() for a in e.aliases}
        out: dict[str, set[str]] = {}
        for e in self.entities.values():
            if e.kind != "model":
                continue
            makers = {n for a in self.ancestors(e.id) if (p := self.get(a)) for n in (*p.aliases, p.name)}
            for name in (*e.aliases, e.name):
                for maker in makers:
                    short = name[len(maker) + 1 :] if name.startswith(maker + " ") else ""
                    if len(short) >= 2 and short not in aliases and not short.isdigit():
                        out.setdefault(short, set()).add(e.id)
        return {k: tuple(sorted(v)) for k, v in out.items()}

    def __len__(self) -> int:
        return len(self.entities)

    def __iter__(self):
        return iter(self.entities.values())


@lru_cache(maxsize=1)
def _bodies() -> tuple[re.Pattern[str], dict[str, str]]:
    """data/bodies.jsonl: statistics bodies and the market whose figures they publish."""
    path = data_path("bodies.jsonl")
    by_name: dict[str, str] = {}
    for n, row in iter_objects(path, PatternError):
        if not isinstance(row.get("market"), str) or not isinstance(row.get("names"), list):
            raise PatternError(
                f"{path}:{n}: needs 'market' (a slug) and 'names' (a list)", path=str(path), line=n
            )
        for name in row["names"]:
            by_name[name] = row["market"]
    alts = "|".join(re.escape(k) for k in sorted(by_name, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alts})(?![\w-])"), by_name


def _hint_words(hint: str) -> str:
    """A headline's or URL path's words, lowered and spaced (not the outlet's host)."""
    path = hint.split("://", 1)[1].split("/", 1)[-1] if "://" in hint else hint
    return re.sub(r"[-_/.]+", " ", path).lower()


def body_market(text: str, registry: Registry) -> str | None:
    """The market of the first statistics body a text names ("CPCA" → cn, "SMMT" → gb), when the
    registry knows it: a market-level figure in such a text is that market's even if it goes unnamed."""
    rx, by_name = _bodies()
    m = rx.search(text[:20_000])
    slug = by_name.get(m.group(0)) if m else None
    return slug if registry.get(slug) is not None else None


def body_named(text: str) -> bool:
    """Whether a statistics or industry body (data/bodies.jsonl) is named in `text`."""
    return _bodies()[0].search(text) is not None


def derived_slug(parent: str, words: str) -> str:
    """The slug of a model or trim named after a known entity: ("tesla-model-x", "Plaid") →
    "tesla-model-x-plaid"; ("leapmotor", "C10") → "leapmotor-c10" (the slugs annotators write)."""
    return f"{parent}-{re.sub(r'[^a-z0-9]+', '-', words.lower()).strip('-')}"


def read_entities(path: Path) -> list[Entity]:
    """Parse and check an entity file; errors name the file and line."""
    out: list[Entity] = []
    for n, row in iter_objects(path, PatternError):
        missing = [k for k in REQUIRED if k not in row]
        if missing:
            raise PatternError(f"{path}:{n}: missing {', '.join(missing)}", path=str(path), line=n)
        if row["kind"] not in KINDS:
            raise PatternError(
                f"{path}:{n}: unknown kind {row['kind']!r}; known: {', '.join(KINDS)}", path=str(path), line=n
            )
        ambiguous = row.get("ambiguous", [])
        if not isinstance(ambiguous, list) or not all(
            isinstance(a, str) and a in row["aliases"] for a in ambiguous
        ):
            raise PatternError(
                f"{path}:{n}: ambiguous must list some of the entity's aliases, got {ambiguous!r}",
                path=str(path),
                line=n,
            )
        out.append(
            Entity(
                id=row["id"],
                name=row["name"],
                kind=row["kind"],
                parent=row.get("parent"),
                country=row.get("country"),
                nev_only=bool(row.get("nev_only", False)),
                aliases=tuple(row["aliases"]),
                ambiguous=frozenset(ambiguous),
            )
        )
    return out


def data_path(name: str) -> Path:
    return Path(str(resources.files("extractors") / "data" / name))


@lru_cache(maxsize=4)
def load_registry(path: str | None = None) -> Registry:
    file = Path(path) if path else data_path("entities.jsonl")
    entities = read_entities(file)
    by_id: dict[str, Entity] = {}
    owner: dict[str, str] = {}
    for e in entities:
        if e.id in by_id:
            raise PatternError(f"{file}: duplicate entity id {e.id!r}", path=str(file), entity=e.id)
        by_id[e.id] = e
        for alias in e.aliases:
            if owner.setdefault(alias, e.id) != e.id:
                raise PatternError(
                    f"{file}: alias {alias!r} of {e.id!r} already names {owner[alias]!r}",
                    path=str(file),
                    entity=e.id,
                )
    for e in by_id.values():
        if e.parent and e.parent not in by_id:
            raise PatternError(
                f"{file}: entity {e.id!r} has unknown parent {e.parent!r}", path=str(file), entity=e.id
            )
    return Registry(by_id)
