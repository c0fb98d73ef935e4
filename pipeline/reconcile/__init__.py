"""Reconciliation: group claims that state the same fact and judge whether their sources agree.

The rules are those of shared/spec/claims.md ("Reconciliation verdicts") and of the dev set's
README: claims are judged together when they share subject (or a parent/child of it in the entity
registry), metric, segment, basis, period and market; the group takes the worst pair. Claims of the
same subject and metric whose scope differs (overlapping or nested periods, other segments,
markets, bases or units) are linked in a `different_scope` group and never judged against each
other; where their arithmetic cannot all hold (a month above its quarter) they are `inconsistent`.
A pair always keeps its own verdict: claims that agree pair by pair form camps. Amounts in two
currencies are compared at the ECB's reference rates. Comparative claims ("Aito outsold BMW") are
checked against numeric claims for both sides. Independent sources are near-duplicate clusters
(`cluster_id`, default `doc_id`), never URLs.

Modules, each with one job; each imports only those above it:
  records       claims as plain dicts; who stated each (the independence keys)
  values        a figure as point and interval, the precision it was written with, two compared
  scope         comparability keys: segment, basis, period, market; undated prices and markets filled
  nesting       scopes inside scopes (month in quarter, brand in company, BEV in NEV), disjoint parts
  lineage       parent and child subjects from the entity registry, in words
  model         Group, ReconcileResult, ReconcileError; group ids and building a group
  money         amounts in two currencies: ECB reference rates shipped offline, rate spread
  verdicts      a pair's verdict (same subject, or a part against its whole); a group's worst pair
  unionfind     connected components
  camps         claims that agree pair by pair, the verdict between camps; one source's two figures
  levels        a child's figure against its parent's
  scope_links   different_scope groups
  arithmetic    `inconsistent`: a part above its whole, parts above their whole, growth against levels
  comparatives  "X outsold Y" against both sides' figures
  core          reconcile(): claims in, every kind of group out
  adapters      the JSONL file and the store around reconcile()
"""

from pipeline.reconcile.adapters import group_rows, read_claims_jsonl, reconcile_jsonl, reconcile_store
from pipeline.reconcile.camps import split_camps
from pipeline.reconcile.core import reconcile, summarize
from pipeline.reconcile.levels import ADDITIVE_METRICS
from pipeline.reconcile.lineage import describe_relation
from pipeline.reconcile.model import Group, ReconcileError, ReconcileResult
from pipeline.reconcile.scope import DEFAULT_MARKETS
from pipeline.reconcile.values import Value, claim_value, compare_values, written_step

__all__ = [
    "ADDITIVE_METRICS",
    "DEFAULT_MARKETS",
    "Group",
    "ReconcileError",
    "ReconcileResult",
    "Value",
    "claim_value",
    "compare_values",
    "describe_relation",
    "group_rows",
    "read_claims_jsonl",
    "reconcile",
    "reconcile_jsonl",
    "reconcile_store",
    "split_camps",
    "summarize",
    "written_step",
]
