"""Shared fixtures: the ../shared data folder, a blank store, a local HTTP server."""

from __future__ import annotations

import os
import shutil
import subprocess
from contextlib import contextmanager
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("EVCLAIMS_SHARED", REPO.parent / "shared"))


def shared_path(*parts: str) -> Path:
    """Path inside ../shared/data; under CI=true a missing folder is an error, else a skip."""
    path = SHARED.joinpath("data", *parts)
    if not path.exists():
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"shared data missing: {path} (CI must have ../shared beside the checkout)")
        pytest.skip(f"shared data not found: {path}")
    return path


@pytest.fixture(scope="session")
def shared_data():
    """A function giving paths inside ../shared/data: shared_data('devset', 'gold.jsonl')."""
    return shared_path


@pytest.fixture(scope="session")
def ex():
    """One blank-English extractor for the session: loading it takes seconds, and it keeps no state."""
    from extractors import Extractor

    return Extractor()


@pytest.fixture(scope="session")
def score_claims():
    """../shared/tools/score_claims.py as a module (the dev-set scorer)."""
    from helpers import load_module

    return load_module(shared_path("..", "tools", "score_claims.py"))


@contextmanager
def small_tmpfs(parent: Path, size: str):
    """A tmpfs of `size` (e.g. '4m') under `parent`, unmounted afterwards; skips where it cannot mount."""
    mnt = parent / "tiny"
    mnt.mkdir()
    if shutil.which("mount") is None or os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root")
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(mnt)], capture_output=True
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
    try:
        yield mnt
    finally:
        subprocess.run(["umount", "-l", str(mnt)], check=False)


@pytest.fixture
def tmpfs_mount(tmp_path):
    """Mount a small tmpfs for disk-full tests: `with tmpfs_mount("4m") as folder: ...`."""
    return lambda size: small_tmpfs(tmp_path, size)
