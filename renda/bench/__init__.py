"""`renda bench`: platform figures beside physical baselines measured in the same run on the same machine.

`suite.py` runs them all and writes docs/benchmarks.md; each other module measures one figure, or holds
what several share. The production image leaves this package out: the benchmarks create and drop
databases and start brokers of their own, and run from a source checkout (`make bench`).
"""
