"""A hash of what a search document says, stored with it by both engines, so `search_check`
finds a document whose text, address, audiences or facets differ from the content, and a
rebuild keeps the entries whose hash did not change. The analysis is part of it
(search.analysis.ANALYSIS_FINGERPRINT): entries analysed another way are stale."""

import hashlib
import json

from search.analysis import ANALYSIS_FINGERPRINT
from search.documents import SearchDocument


def content_hash(document: SearchDocument) -> str:
    payload = {
        "key": document.key,
        "kind": document.kind,
        "title": document.title,
        "url": document.url,
        "summary": document.summary,
        "body": document.body,
        "date": document.date.isoformat() if document.date else None,
        "place": document.place,
        "audiences": sorted(document.audiences),
        "facets": {name: sorted(values) for name, values in document.facet_values().items()},
        "analysis": ANALYSIS_FINGERPRINT,
    }
    encoded = json.dumps(payload, ensure_ascii=False, sort_keys=True).encode()
    return hashlib.sha256(encoded).hexdigest()
