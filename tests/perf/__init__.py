"""Benchmarks (not collected by the normal test run): `python -m tests.perf.run`. See README.md."""
