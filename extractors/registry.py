"""The entity registry: EV makers, brands and models with aliases and parents.

Data lives in `data/entities.jsonl`, one entity a line:
`{"id", "name", "kind", "parent", "country", "nev_only", "aliases"}`. The registry knows that
a model belongs to a brand and a brand to a company (aito-m9 → aito → seres), which the
reconciler uses to relate a brand's claim to its parent's.
"""

from __future__ import annotations

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


@dataclass
class Registry:
    entities: dict[str, Entity]

    def get(self, slug: str | None) -> Entity | None:
        return self.entities.get(slug) if slug else None

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

    def __len__(self) -> int:
        return len(self.entities)

    def __iter__(self):
        return iter(self.entities.values())


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
        out.append(
            Entity(
                id=row["id"],
                name=row["name"],
                kind=row["kind"],
                parent=row.get("parent"),
                country=row.get("country"),
                nev_only=bool(row.get("nev_only", False)),
                aliases=tuple(row["aliases"]),
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
