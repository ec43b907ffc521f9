"""Who may see which search documents: the audiences of a person.

The query of every engine is limited to these audiences, so permissions are part of the
query, not a filter after it.
"""

from search import registry
from search.documents import PUBLIC, SIGNED_IN


def audiences_for(user) -> frozenset[str]:
    audiences = {PUBLIC}
    if user is not None and user.is_authenticated:
        audiences.add(SIGNED_IN)
        for provider in registry.audience_providers():
            audiences.update(provider(user))
    return frozenset(audiences)
