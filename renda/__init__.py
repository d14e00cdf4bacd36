"""The `renda` command line: run the platform, seed demo data, replay, republish."""
