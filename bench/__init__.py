"""Benchmarks (see `python -m bench --help`); needs the `bench` extra."""
