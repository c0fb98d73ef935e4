"""quantulum3 as a baseline for bench_quantities.py: its quantities in our `--quantities` records.

    /path/to/python-with-quantulum3 benchmarks/quantulum_baseline.py IN.jsonl OUT.jsonl

quantulum3 (MIT, PyPI) is not a dependency of evclaims; run this file with any Python that has it
(`pip install "quantulum3[classifier]"`, then once `quantulum3.classifier.train_classifier(store=True)`
so the unit classifier matches the installed scikit-learn). IN lines are {id, text}; OUT lines are
{doc_id, value_low, value_high, unit, qualifier, text, start_char, end_char}. The mapping is
generous to the baseline: a range given as value ± uncertainty becomes its bounds, a bracketed
amount that quantulum3 reads as negative ("($162 million)") is taken as written, and its unit
names are put in our words where they differ only in spelling (ISO currency codes, "percentage"
→ percent, "pound-mass" → pound, "minute of arc" → minute).
"""

from __future__ import annotations

import json
import sys
import time

from quantulum3 import parser

NAMES = {
    "percentage": "percent",
    "percentage point": "percentage_points",
    "pound-mass": "pound",
    "minute of arc": "minute",
    "second of arc": "second",
    "metre": "meter",
    "kilometre": "km",
    "kilogram": "kg",
    "mile per hour": "mph",
    "kilowatt hour": "kWh",
    "dimensionless": None,
}


def records(text: str) -> list[dict]:
    out = []
    for q in parser.parse(text):
        unit = q.unit
        name = getattr(unit, "currency_code", None) or NAMES.get(unit.name, unit.name)
        value = abs(q.value) if q.surface.lstrip().startswith("(") else q.value
        spread = q.uncertainty or 0
        start, end = q.span
        out.append(
            {
                "value_low": value - spread,
                "value_high": value + spread,
                "unit": name,
                "qualifier": "exact",
                "text": q.surface,
                "start_char": start,
                "end_char": end,
            }
        )
    return out


def main() -> int:
    src, dst = sys.argv[1], sys.argv[2]
    started, words = time.process_time(), 0
    with open(src, encoding="utf-8") as fin, open(dst, "w", encoding="utf-8") as fout:
        for line in fin:
            if not line.strip():
                continue
            row = json.loads(line)
            words += len(row["text"].split())
            for r in records(row["text"]):
                fout.write(json.dumps({"doc_id": row["id"], **r}, ensure_ascii=False) + "\n")
    print(json.dumps({"words": words, "cpu_seconds": time.process_time() - started}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
