"""A hash of what a search document says, stored with it by both engines, so `search_check`
finds a document whose text, address, audiences or facets differ from the content, and a
rebuild keeps the entries whose hash did not change. The analysis is part of it
(search.analysis.ANALYSIS_FINGERPRINT): entries analysed another way are stale."""

import hashlib
import json

from search.analysis import ANALYSIS_FINGERPRINT
from search.documents import SearchDocument


def content_hash(document: SearchDocument) -> str:
    """SHA-256 of the short values (as JSON) and of the title, summary and body, each as
    UTF-8 after its length in bytes (unambiguous). The long texts go in as they are: JSON
    escaping them took more than half of the hash's time (0.04 ms per bench document, now
    0.02), computed for every document of a rebuild."""
    short = {
        "key": document.key,
        "kind": document.kind,
        "url": document.url,
        "date": document.date.isoformat() if document.date else None,
        "place": document.place,
        "audiences": sorted(document.audiences),
        "facets": {name: sorted(values) for name, values in document.facet_values().items()},
        "analysis": ANALYSIS_FINGERPRINT,
    }
    digest = hashlib.sha256()
    texts = (document.title, document.summary, document.body)
    for text in (json.dumps(short, ensure_ascii=False, sort_keys=True), *texts):
        data = text.encode()
        digest.update(b"%d:" % len(data))
        digest.update(data)
    return digest.hexdigest()
