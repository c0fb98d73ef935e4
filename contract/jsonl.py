"""Reading JSON Lines input with errors that name the file and line. Import-free but for errors."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from contract.errors import EvclaimsError


def iter_objects(path: str | Path, error: type[EvclaimsError] = EvclaimsError) -> Iterator[tuple[int, dict]]:
    """Yield (line number, object) for each non-blank line; a bad line raises `error` naming path:line."""
    path = Path(path)
    with path.open(encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as e:
                raise error(f"{path}:{n}: not JSON: {e.msg}", path=str(path), line=n) from e
            if not isinstance(row, dict):
                raise error(f"{path}:{n}: not a JSON object", path=str(path), line=n)
            yield n, row
