"""Shared pytest fixtures. `--update-goldens` is the only way to rewrite expected output."""

from collections.abc import Iterator

import pytest

from tests.rye_server import RyeServer


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-goldens",
        action="store_true",
        default=False,
        help="rewrite tests/cases/*/expected* from the current output",
    )


@pytest.fixture
def update_goldens(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-goldens"))


@pytest.fixture
def rye_server() -> Iterator[RyeServer]:
    """A GraphQL server over schema/rye.graphql on 127.0.0.1, stopped after the test.

    Yields the server: `.url` is its endpoint, `.requests` the `RecordedRequest`s it has
    received so far (lower-cased headers, parsed JSON body, the JSON it answered).
    """
    with RyeServer() as server:
        yield server
