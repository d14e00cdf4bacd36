"""Test support: real servers for the suite (broker, PostgreSQL, Redis) and polling helpers."""
