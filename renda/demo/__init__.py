"""Demo data for `make run` (`renda seed-demo`): every role's account, a roster, stations and their work.

`seed.py` seeds it all; the other modules each seed one part through the services' use cases.
"""
