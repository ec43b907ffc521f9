"""Demo content for kb, created by `load_demo`. Idempotent."""


def load(*, stdout) -> None:
    stdout.write("  (nothing yet)")
