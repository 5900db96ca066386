"""Schemathesis: every operation of the open data API, called with data generated from its
OpenAPI description, answers without a server error and as its description says."""

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from kela_portal.wsgi import application


@pytest.fixture
def api_schema(loaded, transactional_db, settings):
    """The description, read from the WSGI application. Its requests end as real ones do
    (closing a connection inside a transaction), so the database is not kept in one."""
    settings.API_RATE_LIMIT = 10**9  # the generated calls are many, from one address
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_every_operation_answers_as_described(case):
    # Schemathesis' WSGI client asks for gzip but does not decompress: the plain answer.
    case.call_and_validate(headers={"Accept-Encoding": "identity"})
