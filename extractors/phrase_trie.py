"""A regex alternation of literal phrases written as a prefix tree, for fast phrase scans.

`re` tries the alternatives of `a|b|c` one after another at every place a match may start, so a
cue list of 300 phrases costs 300 attempts there. Written as a tree ("fell|fall|falling" →
`f(?:all(?:ing)?|ell)`), each place costs one branch per letter read. The tree matches what the
longest-first alternation (`lexicon.phrase_regex`) matches: a phrase's longer continuations are
tried before it ends (greedy optional groups), and siblings start with different characters, so
at most one of them can match; where a lookahead after the group fails, `re` backtracks to the
next shorter phrase exactly as it would through a longest-first list.
"""

from __future__ import annotations

import re

_END = ""  # key of a tree node's "a phrase ends here" mark


def trie_alternation(phrases: set[str] | list[str] | tuple[str, ...]) -> str:
    """Regex source (no group around it) matching exactly the given literal phrases, longest first."""
    root: dict = {}
    for phrase in phrases:
        node = root
        for ch in phrase:
            node = node.setdefault(ch, {})
        node[_END] = {}
    return _source(root)


def _source(node: dict) -> str:
    alts = []
    for ch in sorted(k for k in node if k != _END):
        head, child = re.escape(ch), node[ch]
        while len(child) == 1 and _END not in child:  # a chain of single letters is one literal
            ((nxt, child),) = child.items()
            head += re.escape(nxt)
        alts.append(head + _source(child))
    if not alts:
        return ""
    if all(len(a) == 1 and a.isalnum() for a in alts) and len(alts) > 1:
        body = f"[{''.join(alts)}]"  # "(?:d|s)" as the faster "[ds]"
    elif len(alts) == 1:
        body = alts[0]
    else:
        body = f"(?:{'|'.join(alts)})"
    if _END not in node:
        return body
    single = len(alts) == 1 and (len(body) == 1 or body.startswith("["))
    return f"{body}?" if single else f"(?:{body})?"
