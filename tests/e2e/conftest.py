"""Browser tests run the services on the test's own broker and databases, like the integration tests."""

from tests.integration.conftest import make_runtime  # noqa: F401
