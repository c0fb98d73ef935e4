"""Ingest settings and the `sources.toml` source list.

Settings are one typed dataclass with a documented default per field. They are filled in
three layers, later wins: `sources.toml` `[settings]` (then a source's own keys), `EVCLAIMS_*`
environment variables, then CLI flags. An unknown key is a ConfigError listing the valid keys.
The CLI and the Prefect flows both resolve them here (through `pipeline.stages`), and the flows'
cron schedules (`[schedules]`) are read here too.
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from contract.errors import ConfigError

DEFAULT_CONTACT_URL = "https://github.com/evclaims/evclaims"


@dataclass
class IngestSettings:
    """How politely and how far ingestion goes. Every field has a safe default for real use."""

    delay: float = 1.0
    """Minimum seconds between two requests to the same host (robots Crawl-delay wins if larger)."""
    allow_hosts: list[str] = field(default_factory=list)
    """Private/loopback hosts or IPs we may still fetch (tests and the demo: ["127.0.0.1"])."""
    crawl: bool = False
    """Treat an HTML source URL as a site root and follow its same-site links."""
    max_pages: int = 100
    """Upper bound on pages fetched per crawled site root and on articles per sitemap/feed source."""
    user_agent: str = ""
    """User-Agent header; empty means `evclaims/<version> (+<contact_url>)`."""
    contact_url: str = DEFAULT_CONTACT_URL
    """Where a site owner can reach the operator; part of the User-Agent."""
    timeout: float = 20.0
    """Connect timeout, and the longest wait for any one read of a response, seconds."""
    deadline: float = 30.0
    """Seconds a whole response may take, headers and body together: a server that drips a few bytes
    a second never hits the read timeout, so the deadline cuts it. A page over it is skipped as
    `timeout`, after one retry that waits until the host's other pages are fetched."""
    max_host_timeouts: int = 3
    """Timeouts in a row after which a host is given up for the run (its other pages are skipped as
    `host_timeout` and the run goes on with other hosts; 0 never gives up); each timeout in a row also
    backs the host off (`backoff` seconds, doubling)."""
    max_bytes: int = 10_000_000
    """Body size cap in bytes (decoded); larger responses are skipped."""
    concurrency: int = 4
    """Requests in flight across all hosts (one at a time per host)."""
    page_processes: int = -1
    """Worker processes that turn pages into articles (trafilatura) on big runs: -1 is one per CPU
    (none on a single CPU), 0 works in the fetch threads. Was `extract_processes`."""
    page_timeout: float = 30.0
    """Seconds one page may take to become an article in a worker process before the worker is killed
    and the page skipped (`page_timeout`); trafilatura itself has no time limit. Was `extract_timeout`."""
    retries: int = 3
    """Extra attempts after a connection error, 429 or 5xx; a timeout gets one extra attempt at most
    (none when retries is 0), after the host's other pages."""
    backoff: float = 1.0
    """First retry waits this many seconds, doubling each time (Retry-After wins when given)."""
    max_retry_after: float = 120.0
    """Longest Retry-After we wait for; a longer one gives up on the URL for this run."""
    max_redirects: int = 5
    """Redirects followed per request (each hop checked against private addresses)."""
    respect_robots: bool = True
    """Honour robots.txt for our User-Agent (only turn off for your own sites)."""
    refetch: bool = False
    """Re-request stored URLs that have no ETag/Last-Modified (otherwise they are skipped)."""
    archive_dir: Path | None = None
    """Folder for one WARC file of raw responses per run (`evclaims reprocess` reads them)."""
    batch_size: int = 50
    """Articles per store transaction: a killed run keeps every committed batch."""
    near_dup_bits: int = 3
    """Maximum SimHash Hamming distance (of 64 bits) for two articles to share a cluster."""
    min_text_chars: int = 25
    """Extracted text shorter than this is not an article (`too_short`); crawled pages need 250."""
    max_sitemaps: int = 50
    """Nested sitemaps followed per source."""

    @property
    def agent(self) -> str:
        """The User-Agent actually sent: honest name, version and a contact URL."""
        if self.user_agent:
            return self.user_agent
        from pipeline import __version__

        return f"evclaims/{__version__} (+{self.contact_url})"

    @property
    def robots_agent(self) -> str:
        """The product token robots.txt groups are matched against."""
        return self.agent.split("/", 1)[0].split(" ", 1)[0]


SETTING_NAMES: tuple[str, ...] = tuple(f.name for f in dataclasses.fields(IngestSettings))
RENAMED = {"extract_processes": "page_processes", "extract_timeout": "page_timeout"}
"""Old setting names, still accepted in sources.toml, EVCLAIMS_* variables and overrides ("extract" is
the claim stage; turning HTML into an article is the page's work). The new name wins if both are given."""
POSITIVE_SETTINGS = frozenset({"deadline"})
"""Settings where zero makes no sense (a zero deadline would fail every request)."""


@dataclass
class SourceConfig:
    """One named entry of sources.toml: where to read and how."""

    name: str
    urls: list[str]
    schedule: str | None = None
    settings: dict[str, Any] = field(default_factory=dict)


@dataclass
class SourcesFile:
    """The parsed sources.toml: global `[settings]` and the `[[source]]` list."""

    path: Path
    settings: dict[str, Any]
    sources: list[SourceConfig]


def _coerce(name: str, value: Any, origin: str) -> Any:
    """Convert a raw value (TOML or env string) to the field's type, or raise ConfigError."""
    default = getattr(IngestSettings(), name)
    try:
        if name == "archive_dir":
            return None if value in (None, "") else Path(value)
        if name == "allow_hosts":
            if isinstance(value, str):
                return [h.strip() for h in value.split(",") if h.strip()]
            if isinstance(value, list | tuple) and all(isinstance(h, str) for h in value):
                return list(value)
            raise ValueError("expected a list of host names")
        if isinstance(default, bool):
            if isinstance(value, bool):
                return value
            if isinstance(value, str) and value.lower() in (
                "1",
                "true",
                "yes",
                "on",
                "0",
                "false",
                "no",
                "off",
            ):
                return value.lower() in ("1", "true", "yes", "on")
            raise ValueError("expected true or false")
        if isinstance(default, int):
            if isinstance(value, bool):
                raise ValueError("expected an integer")
            result = int(value)
            if result < 0:
                raise ValueError("must not be negative")
            return result
        if isinstance(default, float):
            if isinstance(value, bool):
                raise ValueError("expected a number")
            result = float(value)
            if result < 0:
                raise ValueError("must not be negative")
            if result == 0 and name in POSITIVE_SETTINGS:
                raise ValueError("must be more than zero")
            return result
        return str(value)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"bad value {value!r} for setting '{name}' in {origin}: {exc}") from exc


def _renamed(values: Mapping[str, Any]) -> dict[str, Any]:
    """The settings given, old names (RENAMED) under their current ones."""
    found = {RENAMED[k]: v for k, v in values.items() if k in RENAMED and RENAMED[k] not in values}
    found.update({k: v for k, v in values.items() if k not in RENAMED})
    return found


def _known(values: Mapping[str, Any], origin: str) -> dict[str, Any]:
    """The settings given under their current names, or ConfigError for an unknown key."""
    found = _renamed(values)
    unknown = sorted(set(found) - set(SETTING_NAMES))
    if unknown:
        raise ConfigError(
            f"unknown setting {', '.join(map(repr, unknown))} in {origin}; valid: {', '.join(SETTING_NAMES)}"
        )
    return found


def env_settings(environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Settings given as `EVCLAIMS_<NAME>` environment variables (e.g. EVCLAIMS_DELAY=0.5)."""
    environ = os.environ if environ is None else environ
    found = {}
    for old, name in RENAMED.items():
        key = f"EVCLAIMS_{old.upper()}"
        if key in environ:
            found[name] = _coerce(name, environ[key], key)
    for name in SETTING_NAMES:
        key = f"EVCLAIMS_{name.upper()}"
        if key in environ:
            found[name] = _coerce(name, environ[key], key)
    return found


def build_settings(
    *layers: Mapping[str, Any] | None,
    environ: Mapping[str, str] | None = None,
    base: IngestSettings | None = None,
) -> IngestSettings:
    """Settings from `base` (defaults), then each layer in order, with env applied before the last.

    Typical call: `build_settings(file_settings, source_settings, cli_flags)`; environment
    variables sit between the file layers and the last (CLI) layer. `None` values in a layer
    mean "not given" so CLI options that default to None do not override anything.
    """
    values = dataclasses.asdict(base) if base else {}
    layer_list = [layer or {} for layer in layers]
    cli = layer_list.pop() if layer_list else {}
    for i, layer in enumerate(layer_list):
        layer = _known(layer, f"settings layer {i + 1}")
        values.update({k: _coerce(k, v, f"setting '{k}'") for k, v in layer.items() if v is not None})
    values.update(env_settings(environ))
    cli = _known(cli, "command-line options")
    values.update({k: _coerce(k, v, f"option '{k}'") for k, v in cli.items() if v is not None})
    return IngestSettings(**values)


def load_sources(path: str | Path) -> SourcesFile:
    """Parse sources.toml: `[settings]` plus `[[source]]` tables with name, urls, schedule and settings."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError(f"sources file not found: {path}") from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"bad TOML in {path}: {exc}") from exc
    # [schedules] is the flows' cron per flow, read by load_schedules().
    top_unknown = sorted(set(data) - {"settings", "source", "schedules"})
    if top_unknown:
        raise ConfigError(
            f"unknown table {', '.join(map(repr, top_unknown))} in {path}; valid: settings, source, schedules"
        )
    settings = data.get("settings", {})
    if not isinstance(settings, dict):
        raise ConfigError(f"[settings] in {path} must be a table")
    settings = _known(settings, f"[settings] of {path}")
    settings = {k: _coerce(k, v, f"[settings] of {path}") for k, v in settings.items()}
    sources = []
    seen: set[str] = set()
    for i, raw in enumerate(data.get("source", []), start=1):
        where = f"[[source]] #{i} of {path}"
        if not isinstance(raw, dict):
            raise ConfigError(f"{where} must be a table")
        raw = dict(raw)
        name = raw.pop("name", None)
        if not isinstance(name, str) or not name.strip():
            raise ConfigError(f"{where} needs a non-empty name")
        if name in seen:
            raise ConfigError(f"duplicate source name '{name}' in {path}")
        seen.add(name)
        urls = raw.pop("urls", None)
        if urls is None and "url" in raw:
            urls = [raw.pop("url")]
        if not isinstance(urls, list) or not urls or not all(isinstance(u, str) and u for u in urls):
            raise ConfigError(f"source '{name}' in {path} needs `urls`, a non-empty list of strings")
        schedule = raw.pop("schedule", None)
        if schedule is not None and (not isinstance(schedule, str) or len(schedule.split()) != 5):
            raise ConfigError(f"source '{name}' in {path}: schedule must be a 5-field cron string")
        raw = _known(raw, f"source '{name}' of {path}")
        per_source = {k: _coerce(k, v, f"source '{name}' of {path}") for k, v in raw.items()}
        sources.append(SourceConfig(name=name, urls=list(urls), schedule=schedule, settings=per_source))
    return SourcesFile(path=path, settings=settings, sources=sources)


def overrides_of(given: Mapping[str, Any] | IngestSettings | None) -> dict[str, Any]:
    """Overrides as a dict; an IngestSettings counts only for the fields it changes from the defaults."""
    if given is None:
        return {}
    if isinstance(given, IngestSettings):
        defaults = dataclasses.asdict(IngestSettings())
        return {k: v for k, v in dataclasses.asdict(given).items() if v != defaults[k]}
    return _renamed(given)


def resolve_settings(
    overrides: Mapping[str, Any] | IngestSettings | None = None,
    config_path: str | Path | None = "sources.toml",
    environ: Mapping[str, str] | None = None,
) -> IngestSettings:
    """Settings for `evclaims ingest SOURCE...`: sources.toml `[settings]` when the file exists, then
    `EVCLAIMS_*` variables, then the CLI flags in `overrides` (None values ignored)."""
    file_settings: dict[str, Any] = {}
    if config_path is not None and Path(config_path).is_file():
        file_settings = load_sources(config_path).settings
    return build_settings(file_settings, overrides_of(overrides), environ=environ)


def check_flags(flags: Mapping[str, Any]) -> None:
    """Flag values no layer can fix, as one-line errors naming the flag (None means not given)."""
    delay, max_pages, deadline = flags.get("delay"), flags.get("max_pages"), flags.get("deadline")
    if delay is not None and delay < 0:
        raise ConfigError(f"--delay {delay}: must be zero or more seconds")
    if max_pages is not None and max_pages < 1:
        raise ConfigError(f"--max-pages {max_pages}: must be at least 1")
    if deadline is not None and deadline <= 0:
        raise ConfigError(f"--deadline {deadline}: must be more than zero seconds")


FLOWS = ("ingest", "extract", "reconcile", "report", "daily")
"""The Prefect flows, one per stage and `daily` (all four in order)."""
FLOW_ALIASES = {"crawl": "ingest"}
"""Old flow names still accepted (in `[schedules]` and on flows.py's command line)."""
DEFAULT_SCHEDULES: dict[str, str | None] = {
    "ingest": "0 * * * *",  # hourly: every source of sources.toml without a `schedule` of its own
    "extract": "15 * * * *",
    "reconcile": "30 * * * *",
    "report": "0 6 * * *",  # daily
    "daily": None,  # on demand unless [schedules] daily = "..." asks for it
}


def load_schedules(path: str | Path) -> dict[str, str | None]:
    """Cron per flow: the defaults, then a `[schedules]` table of sources.toml (flow = "cron", or "off")."""
    out = dict(DEFAULT_SCHEDULES)
    path = Path(path)
    if not path.exists():
        return out
    try:
        table = tomllib.loads(path.read_text("utf-8")).get("schedules", {})
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"bad TOML in {path}: {e}") from None
    if not isinstance(table, dict):
        raise ConfigError(f'[schedules] in {path} must be a table of flow = "cron"')
    for name, cron in table.items():
        name = FLOW_ALIASES.get(name, name)
        if name not in out:
            raise ConfigError(f"unknown flow {name!r} in [schedules] of {path}; valid: {', '.join(FLOWS)}")
        if cron in ("", "off", None):
            out[name] = None
        elif not isinstance(cron, str) or len(cron.split()) != 5:
            raise ConfigError(f"[schedules] {name} in {path}: expected a 5-field cron string, got {cron!r}")
        else:
            out[name] = cron
    return out
