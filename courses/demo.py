"""Demo content for courses, created by `load_demo`. Idempotent."""


def load(*, stdout) -> None:
    stdout.write("  (nothing yet)")
