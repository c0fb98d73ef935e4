"""Fact-check reports of reconciled claims: Markdown, self-contained HTML, JSON and ClaimReview.

`collect()` reads the store once into plain dataclasses; one small renderer per format turns them
into text. Every string that came from the web (headlines, sentences, outlet names, URLs) is
escaped by the renderer of its format, so article text containing markup is shown, never run.
The HTML page needs no network: styles and SVG charts are inline and a Content-Security-Policy
forbids scripts and remote loads.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import logging
import re
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote, urlsplit

from contract.errors import ConfigError
from contract.values import iso_date, plain
from pipeline.charts import Point, timeline_svg
from pipeline.figures import merge_figures
from pipeline.reconcile import claim_value

if TYPE_CHECKING:
    import jinja2

log = logging.getLogger("evclaims.report")

VERDICT_TITLES = {
    "inconsistent": "Inconsistent across scopes (their arithmetic cannot all hold)",
    "conflict": "Conflicts",
    "compatible": "Compatible claims (bounds admit each other)",
    "agree": "Agreements",
    "different_scope": "Related claims of a different scope (linked, not compared)",
    "single_source": "Single-source claims",
}
VERDICT_LABEL = {
    "agree": "agree",
    "compatible": "compatible",
    "conflict": "conflict",
    "different_scope": "different scope",
    "inconsistent": "inconsistent",
    "single_source": "single source",
}
# schema.org ClaimReview ratings (notes/orchestration-and-store.md §3.3): textual verdict and 1–5 value
CLAIMREVIEW_RATING = {
    "agree": ("Consistent", 5),
    "compatible": ("Consistent", 4),
    "different_scope": ("Not comparable", 3),
    "single_source": ("Unsupported", 2),
    "conflict": ("Conflicting", 1),
    "inconsistent": ("Inconsistent", 1),
}
SECTION_ORDER = ("inconsistent", "conflict", "compatible", "agree", "different_scope")
# Groups shown inside the group they link to, never on their own: a group's camps ('side' before v4).
INNER_KINDS = ("camp", "side")
EMPTY = (
    "No claims to report. Run `evclaims extract` and `evclaims reconcile` on the database first, "
    "or widen --subject / --since."
)
_SCALES = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"))
_TEMPLATES = Path(__file__).parent / "templates"


@dataclass
class ReportClaim:
    """One claim as a report shows it: value in words, the sentence, and where it was published."""

    claim_id: str
    subject: str
    subject_name: str | None
    metric: str
    value: str
    unit: str | None
    value_low: float | None
    value_high: float | None
    qualifier: str | None
    period_start: str | None
    period_end: str | None
    period_text: str | None
    period: str
    geography: str | None
    segment: str | None
    basis: str | None
    modality: str | None
    relation: str | None
    object: str | None
    sentence: str | None
    outlet: str | None
    title: str | None
    url: str | None
    published: str | None
    cluster_id: str | None
    confidence: float | None
    role: str = "member"
    # One row per figure (pipeline/figures.py): every claim, outlet, link and wording it stands for.
    claim_ids: list[str] = field(default_factory=list)
    outlets: list[str] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)
    wordings: list[str] = field(default_factory=list)


@dataclass
class ReportGroup:
    group_id: str
    verdict: str
    headline: str
    subject: str | None
    metric: str | None
    period: str
    relation: str | None
    reason: str
    n_sources: int
    claims: list[ReportClaim]
    # the camps of a group (claims that agree pair by pair), in words, and the verdict between each two
    camps: list[str] = field(default_factory=list)
    camp_relations: list[str] = field(default_factory=list)
    arithmetic: str | None = None  # an inconsistent finding: the arithmetic in one line, with sources
    arithmetic_check: str | None = None
    exchange_rates: list[str] = field(default_factory=list)
    places: dict[str, str] = field(default_factory=dict)  # claim_id → 'camp 1', 'part', ...


@dataclass
class Chart:
    title: str
    svg: str
    subject: str
    metric: str


@dataclass
class ReportData:
    generated_at: str
    filters: dict
    summary: dict
    groups: list[ReportGroup]
    single_source: list[ReportClaim]
    charts: list[Chart] = field(default_factory=list)
    extractor_versions: list[str] = field(default_factory=list)
    exchange_rate_source: str | None = None  # where converted amounts' rates come from, when any were


# ---------------------------------------------------------------- reading the store


def human_number(v: float) -> str:
    """151000 → '151,000'; 44300000000 → '44.3 billion'; 7.3 → '7.3'."""
    a = abs(v)
    for div, word in _SCALES:
        if a >= div and a % (div / 1000) == 0:
            return f"{v / div:,.6g} {word}"
    if v == int(v):
        return f"{int(v):,}"
    return f"{v:,.6g}"


def value_text(row: dict) -> str:
    """The claimed value in words with its unit: 'more than 80,000 vehicles', '15–20%'."""
    v = claim_value(row)
    if v is None:
        rel = {"greater_than": "more than", "less_than": "less than"}.get(row.get("relation") or "", "")
        return f"{rel} {row.get('object') or '?'}".strip()
    unit = row.get("unit") or ""
    unit = {"percent": "%", "percentage_points": " pp"}.get(unit, f" {unit}" if unit else "")
    lo, hi = row.get("value_low"), row.get("value_high")
    if lo is not None and hi is not None and lo != hi:
        return f"{human_number(lo)}–{human_number(hi)}{unit}"
    q = row.get("qualifier") or "exact"
    words = {
        "approx": "about ",
        "more_than": "more than ",
        "at_least": "at least ",
        "less_than": "less than ",
        "at_most": "at most ",
    }.get(q, "")
    return f"{words}{human_number(v.point)}{unit}"


def period_words(start: str | None, end: str | None, text: str | None = None) -> str:
    if start is None and end is None:
        return f"“{text}” (no dates)" if text else "no period"
    span = f"{start or '…'} to {end or '…'}"
    return f"{span} (“{text}”)" if text else span


def report_claim(row: dict, role: str = "member") -> ReportClaim:
    """A claims_enriched row (a dict) as a report row of one claim."""
    r = {k: plain(v) for k, v in row.items()}
    ps, pe = iso_date(r.get("period_start")), iso_date(r.get("period_end"))
    r["period_start"], r["period_end"] = ps, pe
    return ReportClaim(
        claim_id=r["claim_id"],
        subject=r.get("subject"),
        subject_name=r.get("subject_name"),
        metric=r.get("metric"),
        value=value_text(r),
        unit=r.get("unit"),
        value_low=r.get("value_low"),
        value_high=r.get("value_high"),
        qualifier=r.get("qualifier"),
        period_start=ps,
        period_end=pe,
        period_text=r.get("period_text"),
        period=period_words(ps, pe, r.get("period_text")),
        geography=r.get("geography"),
        segment=r.get("segment"),
        basis=r.get("basis"),
        modality=r.get("modality"),
        relation=r.get("relation"),
        object=r.get("object"),
        sentence=r.get("sentence"),
        outlet=r.get("outlet"),
        title=r.get("title"),
        url=r.get("url") or r.get("source_url"),
        published=iso_date(r.get("published")),
        cluster_id=r.get("cluster_id"),
        confidence=r.get("confidence"),
        role=role,
        claim_ids=[r["claim_id"]],
        outlets=[r["outlet"]] if r.get("outlet") else [],
        urls=[u] if (u := r.get("url") or r.get("source_url")) else [],
        wordings=[r["sentence"]] if r.get("sentence") else [],
    )


def _scope_slugs(subject: str, registry) -> set[str]:
    """The subject and everything under it in the registry (seres → seres, aito, aito-m9)."""
    out = {subject}
    if registry is not None:
        out |= {e.id for e in registry if subject in registry.ancestors(e.id)}
    return out


def collect(store, *, subject: str | None = None, since: dt.date | None = None, registry=None) -> ReportData:
    """Everything a report shows, read from the store. `subject` keeps claims about that entity or its
    registry children (or comparing with it); `since` keeps claims published on or after the date.
    A group is shown whole when any of its claims is kept."""
    if registry is None:
        from extractors.registry import load_registry

        registry = load_registry()
    claims, groups, members, relation_rows = store.report_tables()
    relations = _camp_relations(relation_rows)
    by_id = {c["claim_id"]: c for c in claims}
    slugs = _scope_slugs(subject, registry) if subject else None
    if (
        subject
        and registry.get(subject) is None
        and not any(subject in (c.get("subject"), c.get("object")) for c in claims)
    ):
        raise ConfigError(
            f"--subject {subject!r}: no such entity in the registry or the claims", subject=subject
        )

    def kept(c: dict) -> bool:
        if slugs is not None and c.get("subject") not in slugs and c.get("object") not in slugs:
            return False
        if since is not None:
            pub = iso_date(c.get("published"))
            return pub is not None and pub >= since.isoformat()
        return True

    keep = {cid for cid, c in by_id.items() if kept(c)}
    roles: dict[str, list[tuple[str, str]]] = defaultdict(list)
    places: dict[str, dict[str, tuple]] = defaultdict(dict)  # group → claim → (camp, term)
    for m in members:
        roles[m["group_id"]].append((m["claim_id"], m["role"]))
        if plain(m.get("camp")) is not None or plain(m.get("term")) is not None:
            places[m["group_id"]][m["claim_id"]] = (plain(m.get("camp")), plain(m.get("term")))
    # A group's camps are groups of their own (kind 'camp'), shown inside the group they link to.
    sides = {g["group_id"]: g for g in groups if g.get("kind") in INNER_KINDS}
    if any(plain(g.get("kind")) is None for g in groups):
        log.warning(
            "%s: groups written before schema v3 record no kind, so conflict sides show as groups of "
            "their own; run `evclaims reconcile` on the database to record them",
            store.path,
        )
    out_groups, single = [], []
    for g in groups:
        ids = [cid for cid, _ in roles[g["group_id"]]]
        if not any(cid in keep for cid in ids) or g["group_id"] in sides:
            continue
        rcs = [report_claim(by_id[cid], role) for cid, role in roles[g["group_id"]] if cid in by_id]
        rcs.sort(key=lambda c: (c.role != "member", c.published or "9999", c.outlet or "", c.claim_id))
        rcs = merge_figures(rcs, period_words)
        ps, pe = iso_date(g.get("period_start")), iso_date(g.get("period_end"))
        rg = ReportGroup(
            group_id=g["group_id"],
            verdict=g["verdict"],
            headline=_headline(g, rcs, registry),
            subject=g.get("subject"),
            metric=g.get("metric"),
            period=period_words(ps, pe),
            relation=plain(g.get("relation")),
            reason=plain(g.get("reason")) or "",
            n_sources=int(plain(g.get("n_sources")) or 0),
            claims=rcs,
            camps=_camp_lines(places.get(g["group_id"], {}), by_id),
            camp_relations=[
                f"camp {a} against camp {b}: {v} ({why})" for a, b, v, why in relations.get(g["group_id"], [])
            ],
            arithmetic=plain(g.get("arithmetic")),
            arithmetic_check=plain(g.get("arithmetic_check")),
            exchange_rates=_links(g, "exchange_rates"),
            places=_place_words(places.get(g["group_id"], {})),
        )
        if g["verdict"] == "single_source":
            single.extend(c for c in rcs if any(i in keep for i in c.claim_ids))
        else:
            out_groups.append(rg)
    out_groups.sort(key=lambda g: (SECTION_ORDER.index(g.verdict), g.subject or "", g.metric or "", g.period))
    single.sort(key=lambda c: (c.subject or "", c.metric or "", c.period_end or "", c.claim_id))
    single = merge_figures(single, period_words)  # one figure may sit in several single-source groups
    kept_claims = [by_id[cid] for cid in sorted(keep)]
    verdicts = Counter(
        g["verdict"]
        for g in groups
        if any(cid in keep for cid, _ in roles[g["group_id"]]) and g["group_id"] not in sides
    )
    summary = {
        "claims": len(kept_claims),
        "sources": len({c.get("cluster_id") or c.get("article_id") for c in kept_claims}),
        "outlets": len({c.get("outlet") for c in kept_claims if plain(c.get("outlet"))}),
        "groups": sum(verdicts.values()),
        "conflicts": verdicts.get("conflict", 0),
        "inconsistent": verdicts.get("inconsistent", 0),
        "agreements": verdicts.get("agree", 0),
        "compatible": verdicts.get("compatible", 0),
        "different_scope": verdicts.get("different_scope", 0),
        "single_source_claims": sum(i in keep for c in single for i in c.claim_ids),
    }
    versions = sorted(
        {str(c.get("extractor_version")) for c in kept_claims if plain(c.get("extractor_version"))}
    )
    return ReportData(
        generated_at=dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        filters={"subject": subject, "since": since.isoformat() if since else None},
        summary=summary,
        groups=out_groups,
        single_source=single,
        charts=_charts([report_claim(c) for c in kept_claims], registry),
        extractor_versions=versions,
        exchange_rate_source=_rate_source(out_groups),
    )


def _links(g: dict, column: str = "related_group_ids") -> list[str]:
    """A list column of a recon_groups row (the linked group_ids, the exchange rates) in stored order;
    none when not recorded (NA, or no column, in files from before schema v3 / v4)."""
    ids = g.get(column)  # a numpy array from DuckDB
    return [str(x) for x in ids] if hasattr(ids, "__len__") and not isinstance(ids, str) else []


def _camp_relations(rows: list[dict]) -> dict[str, list[tuple]]:
    """camp_relations rows by group."""
    out: dict[str, list[tuple]] = defaultdict(list)
    for r in rows:
        out[r["group_id"]].append((int(r["camp_a"]), int(r["camp_b"]), r["verdict"], r["reason"]))
    return out


def _camp_lines(places: dict[str, tuple], by_id: dict) -> list[str]:
    """'camp 1: 72,689 vehicles (EV Ledger, Volt Wire; 2 sources agree)', one line per camp."""
    by_camp: dict[int, list[dict]] = defaultdict(list)
    for cid, (camp, _) in places.items():
        if camp is not None and cid in by_id:
            by_camp[int(camp)].append(by_id[cid])
    out = []
    for n in sorted(by_camp):
        rows = [{k: plain(v) for k, v in r.items()} for r in by_camp[n]]
        values = " / ".join(sorted({value_text(r) for r in rows}))
        outlets = ", ".join(sorted({str(r.get("outlet") or r.get("cluster_id") or "?") for r in rows}))
        n_src = len({r.get("cluster_id") or r["claim_id"] for r in rows})
        word = f"{n_src} sources agree" if n_src > 1 else "1 source"
        out.append(f"camp {n}: {values} ({outlets}; {word})")
    return out


def _place_words(places: dict[str, tuple]) -> dict[str, str]:
    """claim_id → 'camp 2' or 'part': where a claim stands in its group, for the claims table."""
    words = {}
    for cid, (camp, term) in places.items():
        bits = ([f"camp {int(camp)}"] if camp is not None else []) + ([str(term)] if term else [])
        words[cid] = ", ".join(bits)
    return words


def _rate_source(groups: list[ReportGroup]) -> str | None:
    if not any(g.exchange_rates for g in groups):
        return None
    from pipeline.reconcile.money import rates_version

    return rates_version()


def _name(slug: str | None, registry) -> str:
    ent = registry.get(slug) if registry is not None and slug else None
    return ent.name if ent else (slug or "?")


def _headline(g: dict, claims: list[ReportClaim], registry) -> str:
    metric = (g.get("metric") or "").replace("_", " ")
    subjects = sorted({c.subject for c in claims if c.role == "member" or g["verdict"] == "different_scope"})
    who = " / ".join(_name(s, registry) for s in subjects) or _name(g.get("subject"), registry)
    objects = sorted({c.object for c in claims if c.object})
    if objects:
        who += " vs " + ", ".join(_name(o, registry) for o in objects)
    ps, pe = iso_date(g.get("period_start")), iso_date(g.get("period_end"))
    when = f", {ps or '…'} to {pe or '…'}" if (ps or pe) else ""
    extra = ", ".join(str(g[k]) for k in ("segment", "basis", "geography") if plain(g.get(k)))
    return f"{who}: {metric}{when}" + (f" ({extra})" if extra else "")


def _charts(claims: list[ReportClaim], registry) -> list[Chart]:
    """One chart per subject family (a company with its brands and models), metric and unit with at
    least two dated values; a series per outlet (and subject, when the family has several)."""

    def root(slug: str) -> str:
        anc = registry.ancestors(slug) if registry is not None else []
        return anc[-1] if anc else slug

    fams: dict[tuple, set[str]] = defaultdict(set)
    for c in claims:
        fams[(root(c.subject), c.metric, c.unit)].add(c.subject)
    by: dict[tuple, list[Point]] = defaultdict(list)
    for c in claims:
        if c.value_low is None or c.period_end is None or c.relation:
            continue
        v = claim_value(
            {"value_low": c.value_low, "value_high": c.value_high, "qualifier": c.qualifier, "unit": c.unit}
        )
        if v is None:
            continue
        fam = (root(c.subject), c.metric, c.unit)
        outlet = c.outlet or c.cluster_id or "?"
        by[fam].append(
            Point(
                series=f"{c.subject} · {outlet}" if len(fams[fam]) > 1 else outlet,
                start=dt.date.fromisoformat(c.period_start) if c.period_start else None,
                end=dt.date.fromisoformat(c.period_end),
                low=v.low,
                high=v.high,
                label=f"{c.value} for {c.period}"
                + "".join(f", {x}" for x in (c.segment, c.basis, c.geography) if x)
                + (f", published {c.published}" if c.published else ""),
            )
        )
    out = []
    for (subj, metric, unit), pts in sorted(by.items(), key=lambda kv: tuple(str(x) for x in kv[0])):
        if len(pts) < 2:
            continue
        subjects = sorted(fams[(subj, metric, unit)])
        who = subj if subjects == [subj] else f"{subj} ({', '.join(subjects)})"
        title = f"{who}: {metric.replace('_', ' ')}"
        out.append(Chart(title=title, svg=timeline_svg(pts, title, unit), subject=subj, metric=metric))
    return out


# ---------------------------------------------------------------- renderers


def safe_url(url: str | None) -> str | None:
    """An http(s) URL fit for a link (quoted so it cannot break out of markup), else None."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return quote(url.strip(), safe=":/?#[]@!$&'*+,;=%~.-_")


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#!|~&])")


def md_text(s: object) -> str:
    """Text from the web made inert for Markdown: one line, every markup character escaped."""
    if s is None:
        return ""
    return _MD_SPECIAL.sub(r"\\\1", re.sub(r"\s+", " ", str(s)).strip())


def to_markdown(data: ReportData) -> str:
    return _render("report.md.j2", data)


def _slack_of(g: ReportGroup) -> str:
    """The slack an arithmetic finding allowed, from its reason ('Slack allowed: ±500 from ...')."""
    slack = g.reason.partition("; slack allowed")[2]
    return f"Slack allowed{slack}." if slack else g.reason


def _outlets(c: ReportClaim) -> str:
    """Every outlet of a figure row ('EV Ledger, Volt Wire' for an article and its syndicated copy)."""
    return ", ".join(c.outlets) if c.outlets else (c.outlet or "")


def _wordings(c: ReportClaim) -> str:
    """Every wording of a figure row (a headline and the body sentence), one after the other."""
    return " / ".join(c.wordings) if c.wordings else (c.sentence or "")


def links(c: ReportClaim) -> list[str]:
    """The safe http(s) links of a figure row, one per article."""
    return [u for u in (safe_url(x) for x in (c.urls or [c.url])) if u]


def _subject_value(c: ReportClaim, g: ReportGroup) -> str:
    """Prefix the subject when a group spans several (aito 151,000 vs seres more than 80,000)."""
    if len({x.subject for x in g.claims}) > 1 and not c.relation:
        return f"{c.subject}: {c.value}"
    if c.relation:
        word = "more than" if c.relation == "greater_than" else "less than"
        return f"{c.subject} {word} {c.object}"
    return c.value


def _notes(c: ReportClaim, g: ReportGroup) -> list[str]:
    """The notes after a value in a group's table: a figure a comparison was checked against, and
    where the claim stands in its group (a camp, a term of a sum), from any claim of the figure row."""
    notes = ["figure checked"] if c.role == "related" and g.verdict != "different_scope" else []
    place = next((g.places[i] for i in c.claim_ids or [c.claim_id] if i in g.places), None)
    return notes if place is None else [*notes, place]


def _md_link(url: str, word: str) -> str:
    return f"[{word}]({url})"


def _html_link(url: str, word: str) -> str:
    from markupsafe import Markup

    return Markup('<a href="{}" rel="noopener noreferrer nofollow">{}</a>').format(url, word)


def _html_note(note: str) -> str:
    from markupsafe import Markup

    return Markup("<small>({})</small>").format(note)


def _svg_data_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def _md_note(note: str) -> str:
    return f"({note})"


def _as_is(text: str) -> str:
    """HTML's `esc`: autoescaping makes the text inert where it is written."""
    return text


# What the templates and their shared cell macros (cells.j2) see, the same for both formats.
_TEMPLATE_GLOBALS = {
    "titles": VERDICT_TITLES,
    "labels": VERDICT_LABEL,
    "order": SECTION_ORDER,
    "empty": EMPTY,
    "slack_of": _slack_of,
    "subject_value": _subject_value,
    "notes": _notes,
    "outlets": _outlets,
    "wordings": _wordings,
    "urls": links,
}


def _env(markdown: bool) -> jinja2.Environment:
    """The templates' environment: HTML autoescapes; Markdown escapes through `esc` (md_text)."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(_TEMPLATES)),
        autoescape=not markdown,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=markdown,
    )
    env.filters["safe_url"] = safe_url
    env.filters["data_uri"] = _svg_data_uri
    env.globals.update(_TEMPLATE_GLOBALS)  # then each format's escaping, notes and links
    if markdown:
        env.globals.update(esc=md_text, note=_md_note, link=_md_link)
    else:
        env.globals.update(esc=_as_is, note=_html_note, link=_html_link)
    return env


def _render(template: str, data: ReportData) -> str:
    return _env(template.endswith(".md.j2")).get_template(template).render(data=data)


def to_html(data: ReportData) -> str:
    return _render("report.html.j2", data)


def _json_safe(obj) -> str:
    """JSON with <, > and & as \\u escapes, so it stays inert inside a <script> block of a page."""
    text = json.dumps(obj, ensure_ascii=False, indent=2, default=str)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026") + "\n"


def to_json(data: ReportData) -> str:
    return _json_safe(
        asdict(data)
        | {"charts": [{"title": c.title, "subject": c.subject, "metric": c.metric} for c in data.charts]}
    )


def to_claimreview(data: ReportData, *, review_url: str = "report.html") -> str:
    """schema.org ClaimReview JSON-LD: one review per checked claim, the rating explained."""
    reviews = []
    seen: set[str] = set()
    pairs = [(g, c) for g in data.groups for c in g.claims if c.role == "member"]
    pairs += [(None, c) for c in data.single_source]
    for g, c in pairs:
        if c.claim_id in seen:
            continue
        seen.update(c.claim_ids or [c.claim_id])
        verdict = g.verdict if g else "single_source"
        name, value = CLAIMREVIEW_RATING[verdict]
        reason = g.reason if g else "only one independent source states it"
        if g and g.arithmetic:
            reason = g.arithmetic + ". " + reason
        appearances = [x for x in (g.claims if g else [c]) if x.role == "member"]
        urls = sorted({u for x in appearances for u in links(x)})
        first = min(appearances, key=lambda x: x.published or "9999")
        reviews.append(
            {
                "@context": "https://schema.org",
                "@type": "ClaimReview",
                "url": f"{review_url}#group-{g.group_id}" if g else review_url,
                "claimReviewed": _short_claim(c),
                "datePublished": data.generated_at[:10],
                "author": {"@type": "Organization", "name": "evclaims"},
                "reviewRating": {
                    "@type": "Rating",
                    "alternateName": name,
                    "ratingValue": value,
                    "bestRating": 5,
                    "worstRating": 1,
                    "ratingExplanation": (f"{g.relation}. " if g and g.relation else "") + reason,
                },
                "itemReviewed": {
                    "@type": "Claim",
                    "author": {"@type": "Organization", "name": c.outlet or "unknown outlet"},
                    "datePublished": c.published,
                    "text": c.sentence,
                    "appearance": [{"@type": "CreativeWork", "url": u} for u in urls],
                    "firstAppearance": {"@type": "CreativeWork", "url": safe_url(first.url)}
                    if safe_url(first.url)
                    else None,
                },
            }
        )
    return _json_safe([_drop_none(r) for r in reviews])


def _drop_none(obj):
    """ClaimReview without null fields (schema.org readers expect a field to be absent, not null)."""
    if isinstance(obj, dict):
        return {k: _drop_none(v) for k, v in obj.items() if v is not None}
    if isinstance(obj, list):
        return [_drop_none(v) for v in obj]
    return obj


def _short_claim(c: ReportClaim) -> str:
    metric = (c.metric or "").replace("_", " ")
    if c.relation:
        word = "above" if c.relation == "greater_than" else "below"
        text = f"{c.subject} {metric} {word} {c.object}"
    else:
        text = f"{c.subject} {metric}: {c.value}"
    if c.period_end:
        text += f" ({c.period_start or '…'} to {c.period_end})"
    return text if len(text) <= 75 else text[:74] + "…"


@dataclass(frozen=True)
class ReportFormat:
    """One report format: its writer, the suffix of its file (report.md) and the media type it is served as."""

    name: str
    write: Callable[[ReportData], str]
    suffix: str
    media_type: str


# The report formats, in the order --help lists them: the CLI, `evclaims run` and flows.py read this.
FORMATS: dict[str, ReportFormat] = {
    f.name: f
    for f in (
        ReportFormat("md", to_markdown, ".md", "text/markdown; charset=utf-8"),
        ReportFormat("html", to_html, ".html", "text/html; charset=utf-8"),
        ReportFormat("json", to_json, ".json", "application/json"),
        ReportFormat("claimreview", to_claimreview, ".claimreview.json", "application/ld+json"),
    )
}
RUN_FORMATS = ("md", "html")
"""What `evclaims run` and the report flow write."""


def format_words() -> str:
    """The format names for --help: 'md, html, json or claimreview'."""
    *rest, last = FORMATS
    return f"{', '.join(rest)} or {last}"


def render_report(
    store, fmt: str = "md", *, subject: str | None = None, since: dt.date | None = None, registry=None
) -> str:
    """`evclaims report`: the fact-check report of the store's reconciled claims in `fmt`
    (one of FORMATS), optionally only for one subject slug or recent claims."""
    if fmt not in FORMATS:
        raise ConfigError(f"unknown report format {fmt!r}; known: {', '.join(FORMATS)}", format=fmt)
    return FORMATS[fmt].write(collect(store, subject=subject, since=since, registry=registry))
