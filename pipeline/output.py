"""One renderer for every command that prints rows: table, csv, json, jsonl, parquet.

JSON is an array of objects (`[]` when empty), JSONL one object per line. Data goes to
stdout (or --output), never mixed with messages.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pandas as pd
from rich.console import Console
from rich.table import Table

from contract.errors import ConfigError
from contract.values import is_missing


def _records(df: pd.DataFrame) -> list[dict]:
    return json.loads(df.to_json(orient="records", date_format="iso", force_ascii=False))


def _days_as_dates(df: pd.DataFrame) -> pd.DataFrame:
    """DuckDB DATE columns arrive in pandas as midnight timestamps: print them as the days they are
    ("2025-06-10", not "2025-06-10 00:00:00")."""
    days = {}
    for col in df.columns:
        values = df[col]
        if pd.api.types.is_datetime64_any_dtype(values) and getattr(values.dt, "tz", None) is None:
            present = values.dropna()
            if (present == present.dt.normalize()).all():
                days[col] = values.dt.strftime("%Y-%m-%d").astype(object).where(values.notna(), None)
    return df.assign(**days) if days else df


def _is_list(value: object) -> bool:
    return hasattr(value, "__len__") and not isinstance(value, str | bytes | dict)


def _lists_as_text(df: pd.DataFrame) -> pd.DataFrame:
    """DuckDB LIST columns arrive as numpy arrays, printed "['a' 'b']": join them for table and CSV."""
    lists = {
        col: df[col].map(lambda v: ", ".join(map(str, v)) if _is_list(v) else v)
        for col in df.columns
        if df[col].dtype == object and df[col].map(_is_list).any()
    }
    return df.assign(**lists) if lists else df


def render_frame(df: pd.DataFrame, fmt: str, output: Path | None, err: Console) -> None:
    if output is not None and not output.parent.exists():
        raise ConfigError(f"--output {output}: folder {output.parent} does not exist")
    if fmt == "parquet":
        if output is None:
            raise ConfigError("--format parquet needs --output FILE")
        df.to_parquet(output, index=False)
        err.print(f"query: wrote {len(df)} rows to {output}")
        return
    df = _days_as_dates(df)
    if fmt in ("table", "csv"):
        df = _lists_as_text(df)
    if fmt == "table":
        table = Table(show_lines=False)
        for col in df.columns:
            table.add_column(str(col), overflow="fold")
        for row in df.itertuples(index=False):
            table.add_row(*("" if is_missing(v) else str(v) for v in row))
        console = Console(
            file=output.open("w", encoding="utf-8") if output else sys.stdout, width=200 if output else None
        )
        console.print(table)
        console.print(f"{len(df)} rows", style="dim")
        return
    if fmt == "csv":
        text = df.to_csv(index=False)
    elif fmt == "json":
        text = json.dumps(_records(df), ensure_ascii=False, indent=1) + "\n"
    elif fmt == "jsonl":
        text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in _records(df))
    else:
        raise ConfigError(f"unknown format {fmt!r}; use table, csv, json, jsonl or parquet")
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")


def describe_schema(store) -> pd.DataFrame:
    """Every column of every table and view, with what it means (also stored as DuckDB comments)."""
    return store.describe()
