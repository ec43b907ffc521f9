"""The order of the milestone catalogue: dependencies first, then the editors' order.

Pure functions over (milestone id → ids it requires), so the admin form, the roadmap and the
tests share one rule.
"""

from collections.abc import Iterable, Mapping


def dependency_order(milestones: Iterable, requires: Mapping[int, Iterable[int]]) -> list:
    """The milestones so that each comes after everything it requires; among those free to
    go next, the editors' order (`sort_order`, then name). `requires` maps a milestone id to
    the ids it requires (unknown ids are ignored). A cycle (refused by the admin form) cannot
    hide a milestone: what is left over comes last in the editors' order."""
    pending = sorted(milestones, key=lambda item: (item.sort_order, item.name))
    known = {item.pk for item in pending}
    placed: set[int] = set()
    ordered = []
    while pending:
        ready = next(
            (
                item
                for item in pending
                if all(pk in placed or pk not in known for pk in requires.get(item.pk, ()))
            ),
            None,
        )
        if ready is None:  # a cycle that slipped past the form
            ordered.extend(pending)
            break
        ordered.append(ready)
        placed.add(ready.pk)
        pending.remove(ready)
    return ordered


def dependency_cycle(
    milestone_id: int | None, required_ids: Iterable[int], requires: Mapping[int, Iterable[int]]
) -> list[int] | None:
    """The ids of a cycle that `milestone_id` requiring `required_ids` would close (starting
    and ending with `milestone_id`), or None. `requires` holds the other milestones' current
    dependencies; the milestone's own old ones are replaced by `required_ids`."""
    required_ids = list(required_ids)
    if milestone_id is None:  # a new milestone: nothing can require it yet
        return None
    if milestone_id in required_ids:
        return [milestone_id, milestone_id]
    graph = {key: list(value) for key, value in requires.items()}
    graph[milestone_id] = required_ids
    # Depth-first from each requirement, looking for a path back to the milestone.
    stack = [(pk, [milestone_id, pk]) for pk in required_ids]
    seen: set[int] = set()
    while stack:
        current, path = stack.pop()
        if current == milestone_id:
            return path
        if current in seen:
            continue
        seen.add(current)
        for nxt in graph.get(current, ()):
            stack.append((nxt, [*path, nxt]))
    return None
