"""evclaims application: configuration, ingestion, extraction stage, reconciliation, reports, CLI.

Kept free of eager imports; the error tree and claim vocabularies live below it in `contract/`.
"""

__version__ = "0.1.0"
