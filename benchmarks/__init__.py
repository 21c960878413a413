"""Benchmarks: synthetic timelines and the runner that measures the library and the viewer.

``benchmarks.generate`` writes realistic timelines; ``uv run python -m benchmarks.run`` measures
every figure against a baseline taken in the same run (``--quick`` only checks they still run).
"""
