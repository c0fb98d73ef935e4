"""The ingest stage: sources (URLs, feeds, sitemaps, site roots, files, folders, WARC) → articles in the store.

`ingest(sources, store, settings)` fetches politely, extracts each page's text and metadata, drops
duplicates, clusters near-duplicates and writes articles and fetch rows in batches; `ingest_configured`
runs the sources of sources.toml; `reprocess` re-reads archived WARC files. Skip reasons are listed in
`core.py`.

Modules, each with one job; each imports only those above it:
  dates      calendar days from the date strings publishers write (pure)
  urls       canonical URLs, article ids, host keys (pure)
  fetch      polite HTTP: robots.txt, per-host delay, retries, deadline, conditional GET, caps
  listings   feeds, sitemaps, page links, feed links, crawl priority: URLs (+ dates) from bytes (pure)
  warc       reading WARC/ARC input; writing the run's archive of raw responses
  meta       what a page says about itself: JSON-LD, meta tags, lang, h1s; the headline (pure)
  pubdate    which day a page was published, and where that day came from (pure)
  dedup      text hashes, SimHash, the cluster index; one run's duplicate verdicts
  page       bytes → Article: trafilatura text, metadata, date, hashes (pure)
  pool       page extraction in worker processes, with a time limit per page
  model      IngestResult, lanes, jobs, outcomes, fetch rows: what the modules below pass around
  scheduler  host lanes: a queue per host, round robin, one request per host, timeouts and give-ups
  work       one job in a worker thread: fetch, then a page's article or a listing's links
  sources    source URLs, files, folders and WARC records → jobs (or skips)
  frontier   what listings lead to: sitemap trees, a home page's feed, crawl waves → jobs
  writer     the run's side of the store: lookups by URL and article, the batch of rows waiting
  core       the run: outcomes counted, deduplicated and written; ingest(), ingest_configured(), reprocess()
"""

from pipeline.config import IngestSettings
from pipeline.ingest.core import ingest, ingest_configured, reprocess
from pipeline.ingest.model import IngestResult, StoreLike

__all__ = ["IngestResult", "IngestSettings", "StoreLike", "ingest", "ingest_configured", "reprocess"]
