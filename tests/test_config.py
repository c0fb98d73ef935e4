"""Settings layers (file, source, env, flags) and sources.toml parsing, including the repo's own file."""

from __future__ import annotations

from pathlib import Path

import pytest

from contract.errors import ConfigError
from pipeline.config import (
    SETTING_NAMES,
    IngestSettings,
    build_settings,
    env_settings,
    load_sources,
    overrides_of,
    resolve_settings,
)

REPO = Path(__file__).resolve().parent.parent


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "sources.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_config_defaults_are_polite():
    s = IngestSettings()
    assert (s.delay, s.max_bytes, s.max_redirects, s.respect_robots, s.allow_hosts) == (
        1.0,
        10_000_000,
        5,
        True,
        [],
    )
    assert 0 < s.deadline <= 30 and s.max_host_timeouts >= 1  # a tarpit costs a page, not the crawl
    assert s.agent.startswith("evclaims/") and s.contact_url in s.agent
    assert s.robots_agent == "evclaims"


def test_config_layers_file_then_env_then_flags():
    s = build_settings(
        {"delay": 2.0, "max_pages": 10},
        {"max_pages": 20, "crawl": True},
        {"delay": 0.5, "concurrency": None},
        environ={"EVCLAIMS_DELAY": "3", "EVCLAIMS_ALLOW_HOSTS": "127.0.0.1, localhost"},
    )
    assert (s.delay, s.max_pages, s.crawl, s.concurrency) == (0.5, 20, True, IngestSettings().concurrency)
    assert s.allow_hosts == ["127.0.0.1", "localhost"]


def test_config_env_values_are_typed():
    found = env_settings(
        {"EVCLAIMS_CRAWL": "yes", "EVCLAIMS_MAX_BYTES": "1000", "EVCLAIMS_ARCHIVE_DIR": "out/w", "OTHER": "x"}
    )
    assert found == {"crawl": True, "max_bytes": 1000, "archive_dir": Path("out/w")}


@pytest.mark.parametrize(
    ("layer", "message"),
    [({"delya": 1}, "unknown setting 'delya'.*valid: delay"), ({"delay": "soon"}, "bad value 'soon' for setting 'delay'"),
     ({"max_pages": -1}, "must not be negative"), ({"crawl": "maybe"}, "expected true or false"),
     ({"deadline": "0"}, "'deadline'.*must be more than zero")],
)  # fmt: skip
def test_config_bad_values_name_the_key(layer, message):
    with pytest.raises(ConfigError, match=message):
        build_settings(layer, {}, environ={})


def test_config_load_sources_with_per_source_settings(tmp_path):
    path = write(
        tmp_path,
        """
[settings]
delay = 0
allow_hosts = ["127.0.0.1"]

[[source]]
name = "ledger"
urls = ["http://127.0.0.1:1/feed.xml"]
schedule = "0 * * * *"
max_pages = 5

[[source]]
name = "wire"
url = "http://127.0.0.1:1/sitemap.xml"
""",
    )
    config = load_sources(path)
    assert config.settings == {"delay": 0.0, "allow_hosts": ["127.0.0.1"]}
    ledger, wire = config.sources
    assert (ledger.name, ledger.schedule, ledger.settings) == ("ledger", "0 * * * *", {"max_pages": 5})
    assert wire.urls == ["http://127.0.0.1:1/sitemap.xml"] and wire.schedule is None


@pytest.mark.parametrize(
    ("text", "message"),
    [("[[source]]\nurls = ['x']\n", "needs a non-empty name"),
     ("[[source]]\nname = 'a'\n", "needs `urls`"),
     ("[[source]]\nname='a'\nurls=['x']\n[[source]]\nname='a'\nurls=['y']\n", "duplicate source name 'a'"),
     ("[[source]]\nname='a'\nurls=['x']\nschedule='hourly'\n", "5-field cron"),
     ("[[source]]\nname='a'\nurls=['x']\nspeed=3\n", "unknown setting 'speed' in source 'a'"),
     ("[setting]\ndelay=1\n", "unknown table 'setting'"),
     ("[settings\n", "bad TOML")],
)  # fmt: skip
def test_config_bad_sources_file_is_a_config_error(tmp_path, text, message):
    with pytest.raises(ConfigError, match=message):
        load_sources(write(tmp_path, text))


def test_config_missing_sources_file(tmp_path):
    with pytest.raises(ConfigError, match="sources file not found"):
        load_sources(tmp_path / "none.toml")


def test_config_repo_sources_toml_is_valid_and_documents_every_setting():
    path = REPO / "sources.toml"
    config = load_sources(path)
    assert len(config.sources) >= 6 and all(s.urls[0].startswith("https://") for s in config.sources)
    assert all(s.schedule for s in config.sources)
    text = path.read_text("utf-8")
    assert [name for name in SETTING_NAMES if name not in text] == []


def test_config_resolve_settings_for_the_cli(tmp_path):
    path = write(tmp_path, "[settings]\ndelay = 2.5\nmax_pages = 7\n")
    s = resolve_settings({"max_pages": 3, "crawl": None}, path, environ={"EVCLAIMS_TIMEOUT": "4"})
    assert (s.delay, s.max_pages, s.timeout, s.crawl) == (2.5, 3, 4.0, False)
    assert resolve_settings(None, tmp_path / "absent.toml", environ={}) == IngestSettings()


def test_config_overrides_of_settings_object_keeps_only_changes():
    assert overrides_of(IngestSettings(delay=0.0, allow_hosts=["127.0.0.1"])) == {
        "delay": 0.0,
        "allow_hosts": ["127.0.0.1"],
    }
    assert overrides_of(None) == {} and overrides_of({"crawl": True}) == {"crawl": True}


def test_config_accepts_the_schedules_table_flows_read(tmp_path):
    from pipeline.config import load_sources

    path = tmp_path / "sources.toml"
    path.write_text(
        '[schedules]\nreport = "0 7 * * *"\n\n[[source]]\nname = "x"\nurls = ["https://example.com/feed"]\n'
    )
    assert [s.name for s in load_sources(path).sources] == ["x"]
