"""Bad configuration, options, files and paths through the real `evclaims` command: one line naming
the problem, exit status 2 (1 for unusable input files), no traceback unless --debug."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def evclaims(*args: str, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    """The real console entry point, in-process (fast): exit status and stderr as a subprocess has them."""
    import contextlib
    import io

    from pipeline.cli import main

    saved = (sys.argv, os.getcwd(), dict(os.environ))
    stdout, stderr = io.StringIO(), io.StringIO()
    sys.argv = ["evclaims", *args]
    os.chdir(cwd)
    os.environ.update(env or {})
    try:
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            try:
                main()
                code = 0
            except SystemExit as done:
                code = done.code if isinstance(done.code, int) else 1
    finally:
        sys.argv = saved[0]
        os.chdir(saved[1])
        os.environ.clear()
        os.environ.update(saved[2])
    return subprocess.CompletedProcess(args, code, stdout.getvalue(), stderr.getvalue())


@pytest.fixture
def workdir(tmp_path):
    (tmp_path / "badtype.toml").write_text('[settings]\ndelay = "fast"\n')
    (tmp_path / "unknown.toml").write_text("[settings]\nspeed = 1\n")
    (tmp_path / "unknown-source-key.toml").write_text(
        '[[source]]\nname = "x"\nurls = ["http://a.test/"]\nbogus = 1\n'
    )
    (tmp_path / "broken.toml").write_text("[settings\ndelay = 1\n")
    (tmp_path / "binary.jsonl").write_bytes(b"\x00\xff\xfe garbage\n")
    line = b"BYD sold 4.27 million vehicles in 2024, up 41 percent, the carmaker said.\n"
    (tmp_path / "big.txt").write_bytes(line * (11_000_000 // len(line)))  # 11 MB of text: refused unread
    return tmp_path


CASES = [
    (["ingest", "x", "--max-pages", "abc"], 2, "--max-pages"),
    (["ingest", "x", "--delay", "soon"], 2, "--delay"),
    (["ingest", "x", "--no-such-flag"], 2, "--no-such-flag"),
    (["nosuchcommand"], 2, "nosuchcommand"),
    (["report", "--format", "pdf"], 2, "pdf"),
    (["ingest", "--all", "--config", "badtype.toml"], 2, "'delay'"),
    (["ingest", "--all", "--config", "unknown.toml"], 2, "'speed'"),
    (["ingest", "--all", "--config", "unknown-source-key.toml"], 2, "'bogus'"),
    (["ingest", "--all", "--config", "broken.toml"], 2, "broken.toml"),
    (["ingest", "--all", "--config", "missing.toml"], 2, "missing.toml"),
    (["ingest", "x", "--db", "no/such/folder/x.duckdb"], 2, "no/such/folder"),
    (["ingest", "x", "--db", "."], 2, "is a folder"),
    (["report", "--since", "2025-02-30"], 2, "2025-02-30"),
    (["extract", "--input", "binary.jsonl"], 2, "binary.jsonl:1"),
    (["extract", "big.txt"], 1, "big.txt"),
]


@pytest.mark.parametrize(("args", "status", "needle"), CASES, ids=[" ".join(c[0]) for c in CASES])
def test_cli_errors_are_one_line_with_status(workdir, args, status, needle):
    if args[0] == "report":
        args = [*args, "--db", str(workdir / "none.duckdb")]
    out = evclaims(*args, cwd=workdir)
    lines = out.stderr.strip().splitlines()
    assert out.returncode == status, out.stderr
    assert len(lines) == 1 and lines[0].startswith("evclaims: error:") and needle in lines[0], out.stderr


def test_cli_errors_bad_environment_setting_is_one_line(workdir):
    out = evclaims("ingest", "x", "--db", "c.duckdb", cwd=workdir, env={"EVCLAIMS_MAX_PAGES": "many"})
    assert out.returncode == 2 and out.stderr.strip().count("\n") == 0 and "EVCLAIMS_MAX_PAGES" in out.stderr


def test_cli_errors_debug_shows_the_traceback_of_a_usage_error(workdir):
    out = subprocess.run([sys.executable, "-m", "pipeline.cli", "--debug", "ingest", "x", "--max-pages", "abc"],
                         capture_output=True, text=True, cwd=workdir, timeout=120,
                         env={**os.environ, "PYTHONPATH": str(REPO)})  # fmt: skip
    assert out.returncode != 0 and "Traceback" in out.stderr and "BadParameter" in out.stderr


def test_cli_errors_version_and_bare_command(workdir):
    version = evclaims("--version", cwd=workdir)
    assert version.returncode == 0 and version.stdout.startswith("evclaims ")
    bare = evclaims(cwd=workdir)
    assert bare.returncode == 2 and "Usage:" in bare.stdout + bare.stderr
