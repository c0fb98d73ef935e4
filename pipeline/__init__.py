"""evclaims application: configuration, ingestion, extraction stage, reconciliation, reports, CLI.

Kept free of eager imports so that `store/` and `extractors/` can import `pipeline.errors`
and `pipeline.spec` without cycles.
"""

__version__ = "0.1.0"
