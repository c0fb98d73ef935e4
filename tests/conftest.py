"""Shared fixtures: the ../shared data folder, a blank store, a local HTTP server."""

from __future__ import annotations

import os
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
