"""Figures several tiers count the same way from the same events (a station's work, its deputies' visits)."""
