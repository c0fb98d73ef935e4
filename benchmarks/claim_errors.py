"""Where extracted claims differ from gold, by field: the error analysis behind every extractor change.

    .venv/bin/python benchmarks/claim_errors.py GOLD.jsonl PRED.jsonl [--field subject] [--show 40]

Pairs gold and predicted claims per passage at the value level (value and unit, or relation and
object, as `shared/tools/score_claims.py` does), then counts, for the pairs, which fields disagree
(subject, metric, qualifier class, modality, period, segment) and lists the unpaired claims as missed
values and extra values, each with its evidence sentence. Standard library only.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter, defaultdict
from pathlib import Path

TOL = 0.005
QUAL_CLASS = {"more_than": "lower", "at_least": "lower", "less_than": "upper", "at_most": "upper"}
FIELDS = ("subject", "metric", "qualifier", "modality", "period", "segment")  # segment: not scored, reported


def load(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]


def close(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(float(a) - float(b)) <= TOL * max(abs(float(a)), abs(float(b)), 1e-9)


def same_value(g: dict, p: dict) -> bool:
    if g.get("relation"):
        return g.get("relation") == p.get("relation") and g.get("object") == p.get("object")
    return (
        close(g.get("value_low"), p.get("value_low"))
        and close(g.get("value_high"), p.get("value_high"))
        and (g.get("unit") or "").lower() == (p.get("unit") or "").lower()
    )


def differences(g: dict, p: dict) -> list[str]:
    """The fields on which a value-matched prediction disagrees with its gold claim."""
    out = []
    if g["subject"] != p.get("subject"):
        out.append("subject")
    if g["metric"] != p.get("metric"):
        out.append("metric")
    qual = lambda c: QUAL_CLASS.get(c.get("qualifier"), c.get("qualifier") or "exact")  # noqa: E731
    if not g.get("relation") and qual(g) != qual(p):
        out.append("qualifier")
    if (g.get("modality") or "reported") != (p.get("modality") or "reported"):
        out.append("modality")
    if (g.get("period_start") or g.get("period_end")) and (
        str(g.get("period_start")),
        str(g.get("period_end")),
    ) != (str(p.get("period_start")), str(p.get("period_end"))):
        out.append("period")
    if not g.get("relation") and g.get("segment") != p.get("segment"):
        out.append("segment")
    return out


def pair(gold: list[dict], pred: list[dict]) -> tuple[list[tuple[dict, dict]], list[dict], list[dict]]:
    """Value-level pairs, preferring the prediction that agrees on most fields; then the leftovers."""
    used: set[int] = set()
    pairs, missed = [], []
    for g in gold:
        options = [i for i, p in enumerate(pred) if i not in used and same_value(g, p)]
        if not options:
            missed.append(g)
            continue
        best = min(options, key=lambda i: len(differences(g, pred[i])))
        used.add(best)
        pairs.append((g, pred[best]))
    return pairs, missed, [p for i, p in enumerate(pred) if i not in used]


def figure_fates(passages: Path) -> dict[str, list[tuple[int, int, str, str]]]:
    """(start, end, text, fate) of every figure the extractor considered, per passage id."""
    import datetime as dt

    from extractors import Extractor
    from extractors.components import TEXT_KEY, TRACE_KEY

    nlp = Extractor().nlp
    out = {}
    for p in load(passages):
        doc = nlp.make_doc(p["text"])
        doc.user_data[TEXT_KEY] = p["text"]
        doc.user_data[TRACE_KEY] = trace = []
        doc._.published = dt.date.fromisoformat(p["published"]) if p.get("published") else None
        for _name, proc in nlp.pipeline:
            doc = proc(doc)
        out[p["id"]] = [(s, e, p["text"][s:e], fate) for s, e, fate in trace]
    return out


def fmt(c: dict) -> str:
    val = (
        c.get("value_low")
        if c.get("value_low") == c.get("value_high")
        else (c.get("value_low"), c.get("value_high"))
    )
    rel = f" {c['relation']} {c['object']}" if c.get("relation") else ""
    return (
        f"{c.get('subject')} {c.get('metric')} {val} {c.get('unit')} {c.get('qualifier')} "
        f"{c.get('period_start')}..{c.get('period_end')} {c.get('modality')}{rel}"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("gold", type=Path)
    ap.add_argument("predicted", type=Path)
    ap.add_argument("--field", choices=(*FIELDS, "missed", "extra"), help="list only this kind of error")
    ap.add_argument("--show", type=int, default=40, help="examples to list per kind")
    ap.add_argument(
        "--trace",
        type=Path,
        metavar="PASSAGES",
        help="re-run the extractor on these passages and say, for each missed value, what became of "
        "the figures of its sentence",
    )
    a = ap.parse_args()
    traces = figure_fates(a.trace) if a.trace else {}
    gold_by, pred_by = defaultdict(list), defaultdict(list)
    for g in load(a.gold):
        gold_by[g["passage_id"]].append(g)
    for p in load(a.predicted):
        pred_by[p.get("doc_id", p.get("passage_id"))].append(p)
    counts: Counter = Counter()
    examples: dict[str, list[str]] = defaultdict(list)
    for pid in sorted(gold_by.keys() | pred_by.keys()):
        pairs, missed, extra = pair(gold_by.get(pid, []), pred_by.get(pid, []))
        counts["paired"] += len(pairs)
        for g, p in pairs:
            for f in differences(g, p):
                counts[f] += 1
                examples[f].append(
                    f"{pid} gold {fmt(g)} [{g.get('subject_text')!r} {g.get('period_text')!r}]\n"
                    f"      pred {fmt(p)} [{p.get('subject_text')!r} {p.get('period_text')!r}]\n"
                    f"      | {g.get('evidence') or g.get('sentence')}"
                )
        for kind, rows in (("missed", missed), ("extra", extra)):
            counts[kind] += len(rows)
            for c in rows:
                line = f"{pid} {fmt(c)}\n      | {c.get('evidence') or c.get('sentence')}"
                if kind == "missed" and pid in traces:
                    s0, s1 = c["start_char"], c["end_char"]
                    fates = [f"{t!r}: {f}" for a0, a1, t, f in traces[pid] if s0 <= a0 and a1 <= s1]
                    line += "\n      > " + ("; ".join(fates) or "no figure found in the sentence")
                examples[kind].append(line)
    print(" ".join(f"{k}={v}" for k, v in counts.most_common()))
    for kind in (a.field,) if a.field else (*FIELDS, "missed", "extra"):
        if examples[kind]:
            print(f"\n== {kind} ({counts[kind]})")
            for row in examples[kind][: a.show]:
                print("  " + row)


if __name__ == "__main__":
    main()
