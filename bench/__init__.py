"""The benchmark: a synthetic corpus of any size, and the builds that measure it (`bench.run`)."""
