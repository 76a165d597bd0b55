"""A seeded, reproducible fuzz harness: mutated Parquet, CSV, .dvc, dvc.lock, dvc.yaml and `.dir`
files fed through the paths the app uses. `python -m tests.fuzz` runs it in full; a fixed seed
of it runs in `uv run pytest` (tests/test_fuzz.py)."""
