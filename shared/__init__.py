"""Code shared by every tier: the event contract and the platform machinery around it."""
