"""FastAPI pieces every service installs: error rendering and health."""
