"""Every published event type, one module per tier."""
