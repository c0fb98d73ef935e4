"""The one error tree of evclaims. Every message is one line naming the bad input.

    EvclaimsError                 base; `exit_code` 1
    ├── ConfigError               bad settings, flags, sources.toml, dates (exit 2)
    ├── SourceError               a source could not be read
    │   ├── FetchError            HTTP failure; `transient` says whether a retry may help
    │   └── RobotsDisallowed      robots.txt forbids the URL
    ├── ExtractionError           bad input text or pattern/data file
    │   └── PatternError          a data file of extractors/ is malformed (file and line)
    └── StoreError                DuckDB could not be opened or written
        ├── StoreLocked           another process holds the database file (transient)
        └── QueryError            bad or refused SQL from `evclaims query` (exit 2)

Errors keep the failing input as attributes and pickle cleanly (Prefect and Dask send
them between processes). `transient` tells retry logic whether trying again can help.
"""

from __future__ import annotations


class EvclaimsError(Exception):
    """Base of every error evclaims raises on purpose."""

    exit_code = 1
    transient = False

    def __init__(self, message: str, **context: object) -> None:
        super().__init__(message)
        self.message = message
        self.context = context
        for key, value in context.items():
            setattr(self, key, value)

    def __reduce__(self):
        return (_rebuild, (type(self), self.message, self.context))

    def __str__(self) -> str:
        return self.message


def _rebuild(cls, message, context):
    return cls(message, **context)


class ConfigError(EvclaimsError):
    exit_code = 2


class SourceError(EvclaimsError):
    pass


class FetchError(SourceError):
    def __init__(self, message: str, *, transient: bool = False, **context: object) -> None:
        super().__init__(message, **context)
        self.transient = transient

    def __reduce__(self):
        return (_rebuild, (type(self), self.message, {**self.context, "transient": self.transient}))


class RobotsDisallowed(SourceError):
    pass


class ExtractionError(EvclaimsError):
    pass


class PatternError(ExtractionError):
    pass


class StoreError(EvclaimsError):
    pass


class StoreLocked(StoreError):
    transient = True


class QueryError(StoreError):
    exit_code = 2
