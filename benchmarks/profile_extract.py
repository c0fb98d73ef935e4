"""Where the claim rules spend their time: the functions and the regexes, on a bench_extract mix.

    .venv/bin/python benchmarks/profile_extract.py [--words 100000] [--mix dense|news] [--top 30]
                                                   [--regexes] [--pstats FILE]

The texts are those of `bench_extract.py`. One warm-up pass runs first (lexicon, registry and
spaCy vocab loaded), then one pass under cProfile; the table is sorted by own time. cProfile adds
a fixed cost to every Python call, so functions that make many small calls look heavier than they
are: read it for where to look, and time a change with `bench_extract.py` (or an instruction
count, which other jobs on the machine do not move).

With `--regexes`, every compiled pattern held at module level in `extractors` (and the quantity
and cue patterns the lexicon builds) is wrapped in a timing proxy for one more pass, and the
patterns are listed by the time spent in them. The proxy adds about a microsecond per call, so
a pattern called very often is listed higher than it should be.
"""

from __future__ import annotations

import argparse
import collections
import cProfile
import importlib
import pkgutil
import pstats
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_extract import corpus  # noqa: E402

import extractors  # noqa: E402
from extractors import Extractor  # noqa: E402
from extractors.lexicon import load_lexicon  # noqa: E402
from extractors.prefilter import Prefiltered  # noqa: E402

_SPENT: collections.Counter[str] = collections.Counter()
_CALLS: collections.Counter[str] = collections.Counter()


class _Timed:
    """A pattern whose calls are timed under `name`; everything else is the pattern's own."""

    __slots__ = ("rx", "name")

    def __init__(self, rx, name: str) -> None:
        self.rx, self.name = rx, name

    def __getattr__(self, attr: str):
        return getattr(self.rx, attr)

    def _timed(self, method, *args):
        t = time.perf_counter()
        result = method(*args)
        _SPENT[self.name] += time.perf_counter() - t
        _CALLS[self.name] += 1
        return result

    def search(self, *args):
        return self._timed(self.rx.search, *args)

    def match(self, *args):
        return self._timed(self.rx.match, *args)

    def fullmatch(self, *args):
        return self._timed(self.rx.fullmatch, *args)

    def findall(self, *args):
        return self._timed(self.rx.findall, *args)

    def sub(self, *args):
        return self._timed(self.rx.sub, *args)

    def finditer(self, *args):  # the matches are found here, so the time is the scan's
        return iter(self._timed(lambda *a: list(self.rx.finditer(*a)), *args))


def _wrap_patterns() -> None:
    """Put a `_Timed` proxy around every module-level pattern of `extractors` and the lexicon's."""
    for info in pkgutil.iter_modules(extractors.__path__):
        module = importlib.import_module(f"extractors.{info.name}")
        for name, value in list(vars(module).items()):
            if isinstance(value, re.Pattern | Prefiltered):
                setattr(module, name, _Timed(value, f"{info.name}.{name}"))
    periods = importlib.import_module("extractors.periods")
    periods._PATTERNS = [
        (e[0], _Timed(e[1], f"periods._PATTERNS[{i}] {e[0]}"), *e[2:])
        for i, e in enumerate(periods._PATTERNS)
    ]
    quantities = importlib.import_module("extractors.quantities")
    lexicon = load_lexicon()
    names = ("number", "unit", "word", "out_of", "fraction", "mult", "fold", "frac_change")
    built = tuple(
        _Timed(rx, f"quantities._pats {n}") if isinstance(rx, re.Pattern | Prefiltered) else rx
        for rx, n in zip(quantities._pats(lexicon), names, strict=True)
    )
    quantities._pats = lambda _lex: built
    for kind, rx in list(lexicon.scan_regex.items()):
        lexicon.scan_regex[kind] = _Timed(rx, f"lexicon cue scan {kind}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--words", type=int, default=100_000)
    ap.add_argument("--mix", choices=("news", "dense"), default="dense")
    ap.add_argument("--top", type=int, default=30)
    ap.add_argument("--regexes", action="store_true", help="also time each pattern (one more pass)")
    ap.add_argument("--pstats", help="write the cProfile data here (for pstats or snakeviz)")
    a = ap.parse_args()
    ex = Extractor()
    items = [(str(i), t, None) for i, t in enumerate(corpus(a.words, a.mix))]
    c0 = time.process_time()
    n_claims = sum(len(claims) for _id, claims in ex.extract_many(items))
    print(
        f"{a.mix}: {len(items)} texts, {n_claims} claims, warm-up pass {time.process_time() - c0:.2f} CPU-s"
    )
    profile = cProfile.Profile()
    profile.runcall(lambda: list(ex.extract_many(items)))
    if a.pstats:
        profile.dump_stats(a.pstats)
    pstats.Stats(profile).sort_stats("tottime").print_stats(a.top)
    if a.regexes:
        _wrap_patterns()
        c0 = time.process_time()
        list(ex.extract_many(items))
        total = time.process_time() - c0
        print(f"pass with timed patterns: {total:.2f} CPU-s, {sum(_SPENT.values()):.2f} s in the patterns")
        print(f"{'seconds':>8} {'calls':>8}  pattern")
        for name, spent in _SPENT.most_common(a.top):
            print(f"{spent:8.4f} {_CALLS[name]:8d}  {name}")


if __name__ == "__main__":
    main()
