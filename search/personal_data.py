"""Search keeps no record of who searched; its logs are still kept only for a while."""

from privacy.registry import RetentionRule, register_retention
from search.models import SearchClick, SearchQueryLog

register_retention(
    RetentionRule("search_queries", SearchQueryLog, "created_at"),
    RetentionRule("search_clicks", SearchClick, "created_at"),
)
