"""What every filtered, paged list shares (case studies, the document library, search): the
query string without the page number, for the links of the pager, and the options of a
group of filter checkboxes."""

from collections.abc import Iterable, Mapping

PAGE_PARAMETER = "strana"


def query_without_page(query) -> str:
    """The request's query string (a QueryDict) without the page number, URL-encoded."""
    query = query.copy()
    query.pop(PAGE_PARAMETER, None)
    return query.urlencode()


def checkbox_options(
    choices: Iterable[tuple], *, counts: Mapping, selected: Iterable
) -> list[dict]:
    """One filter checkbox per (value, label) choice: its value, label, how many results it
    has (`counts`) and whether it is ticked (`selected`). Values compare as text, so a year
    counted as "2024" and chosen as 2024 is the same option."""
    counts = {str(key): count for key, count in counts.items()}
    chosen = {str(value) for value in selected}
    return [
        {
            "value": str(value),
            "label": label,
            "count": counts.get(str(value), 0),
            "checked": str(value) in chosen,
        }
        for value, label in choices
    ]
