"""Read models: SQLAlchemy tables fed by projections, with the tracking rows that make them idempotent."""
