"""Property tests of the whole HTTP API from its OpenAPI schema
(schemathesis): whatever it sends, valid or not, the answer is never a 5xx,
and a 2xx answer matches the documented schema.

One app for the module, on a temporary SQLite file (schemathesis keeps an
app's lifespan open: it is shut down after the module); bots wait a minute
before each move, so the games it creates cost next to nothing meanwhile.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from tests.web.missing import import_or_missing

from lifespin.web import Settings, create_app

schemathesis = import_or_missing("schemathesis")
checks = import_or_missing("schemathesis.checks")
openapi_checks = import_or_missing("schemathesis.specs.openapi.checks")

_DB = Path(tempfile.mkdtemp(prefix="lifespin-openapi-")) / "lifespin.db"
APP = create_app(Settings(
    _env_file=None, database_url=f"sqlite:///{_DB}", bot_pace=60.0, allow_seed=True,
    allowed_hosts="*", create_burst=100_000, create_per_minute=100_000, advice=False,
))
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)

@pytest.fixture(scope="module", autouse=True)
def _stop_the_app() -> Iterator[None]:
    """Shut the app down after this module (its bots would play on otherwise)."""
    yield
    asgi = import_or_missing("schemathesis.python.asgi")
    stop = getattr(asgi, "shutdown_lifespans", None)
    if stop is not None:
        stop()


CHECKS = [checks.not_a_server_error, openapi_checks.response_schema_conformance,
          openapi_checks.content_type_conformance]


@schema.parametrize()
@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
def test_no_input_is_a_server_error(case: Any) -> None:
    case.call_and_validate(checks=CHECKS)
