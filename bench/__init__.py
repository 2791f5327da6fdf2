"""Benchmarks of Hamkor against plain baselines (run with bench/run; not part of the test suite)."""
