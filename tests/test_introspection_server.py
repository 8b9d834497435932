"""The introspection server fixture itself, probed with plain httpx.

`pull`, `drift --live` and `check --live` are tested against this server; these tests show
that it answers the real introspection query correctly and that each fault does what its
name says, so a failure there is the client's, not the fixture's.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from graphql import (
    build_client_schema,
    build_schema,
    get_introspection_query,
    lexicographic_sort_schema,
    print_schema,
)

from tests.introspection_server import (
    ENDPOINT_PATH,
    INTROSPECTION_DISABLED,
    UNKNOWN_INCLUDE_DEPRECATED,
    UNKNOWN_LOCATION,
    Fault,
    IntrospectionServer,
    introspection_json,
    ssl_context_from,
)

SCHEMA_PATH = Path(__file__).resolve().parent.parent / "schema" / "rye.graphql"
API_KEY = "test-key"
SHOPPER_IP = "203.0.113.7"
# The query `pull` sends: deprecated arguments and input fields included.
INTROSPECTION_QUERY = get_introspection_query(
    descriptions=True, input_value_deprecation=True, specified_by_url=True
)
# Without input-value deprecation: what a client falls back to on an old server.
LEGACY_INTROSPECTION_QUERY = get_introspection_query(descriptions=True, specified_by_url=True)
# Small, but with a deprecated argument and input field, so dropping them would show.
SMALL_SDL = '''"""Prices and carts."""
scalar URL @specifiedBy(url: "https://url.spec.whatwg.org/")

type Query {
  cart(id: ID!, legacyId: ID @deprecated(reason: "use id")): Cart
}

type Cart {
  id: ID!
  checkoutUrl: URL
}

input CartInput {
  id: ID!
  note: String @deprecated(reason: "unused")
}

type Mutation {
  createCart(input: CartInput!): Cart
}
'''

StartServer = Callable[..., IntrospectionServer]


@pytest.fixture
def server() -> Iterator[StartServer]:
    """Start servers with `server(fault=..., tls=...)` (SMALL_SDL unless given); all stop after."""
    started: list[IntrospectionServer] = []

    def start(schema_sdl: str = SMALL_SDL, **kwargs: Any) -> IntrospectionServer:
        instance = IntrospectionServer(schema_sdl, **kwargs)
        started.append(instance)
        instance.start()
        return instance

    yield start
    for instance in started:
        instance.stop()


def introspect(
    url: str,
    *,
    query: str = INTROSPECTION_QUERY,
    key: str | None = API_KEY,
    timeout: float = 5.0,
    verify: Any = True,
) -> httpx.Response:
    """POST a query as `pull` will: Basic key, shopper IP, operation name."""
    headers = {"Rye-Shopper-IP": SHOPPER_IP}
    if key is not None:
        headers["Authorization"] = f"Basic {key}"
    body = {"query": query, "operationName": "IntrospectionQuery", "variables": {}}
    return httpx.post(url, json=body, headers=headers, timeout=timeout, verify=verify)


def canonical_sdl_from(response: httpx.Response) -> str:
    schema = build_client_schema(response.json()["data"])
    return print_schema(lexicographic_sort_schema(schema)) + "\n"


def schema_directives(response: httpx.Response) -> list[dict[str, Any]]:
    directives: list[dict[str, Any]] = response.json()["data"]["__schema"]["directives"]
    return directives


def wait_for_requests(instance: IntrospectionServer, count: int) -> None:
    deadline = time.monotonic() + 2.0
    while len(instance.requests) < count:
        assert time.monotonic() < deadline, "the request never reached the server"
        time.sleep(0.005)


# --- normal behaviour -----------------------------------------------------------------


def test_the_rye_snapshot_round_trips_through_the_real_introspection_query(
    server: StartServer,
) -> None:
    snapshot = SCHEMA_PATH.read_bytes()
    instance = server(snapshot.decode())

    response = introspect(instance.url)

    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert "errors" not in response.json()
    assert canonical_sdl_from(response).encode() == snapshot


def test_it_records_each_request_with_lower_cased_headers_and_parsed_body(
    server: StartServer,
) -> None:
    instance = server()

    introspect(instance.url)

    [request] = instance.requests
    assert instance.url.startswith("http://127.0.0.1:")
    assert request.path == ENDPOINT_PATH
    assert request.headers["authorization"] == f"Basic {API_KEY}"
    assert request.headers["rye-shopper-ip"] == SHOPPER_IP
    assert request.body["operationName"] == "IntrospectionQuery"
    assert request.body["query"] == INTROSPECTION_QUERY
    assert request.status == 200


def test_deprecated_arguments_and_input_fields_come_back(server: StartServer) -> None:
    sdl = canonical_sdl_from(introspect(server().url))

    assert 'legacyId: ID @deprecated(reason: "use id")' in sdl
    assert 'note: String @deprecated(reason: "unused")' in sdl
    assert '@specifiedBy(url: "https://url.spec.whatwg.org/")' in sdl


def test_variables_and_operation_name_select_what_runs(server: StartServer) -> None:
    document = "query A { __typename } query B($name: String!) { __type(name: $name) { kind } }"
    body = {"query": document, "operationName": "B", "variables": {"name": "Cart"}}

    response = httpx.post(
        server().url, json=body, headers={"Authorization": f"Basic {API_KEY}"}, timeout=5
    )

    assert response.json() == {"data": {"__type": {"kind": "OBJECT"}}}


# Exact match only: no prefix, no extension, no case folding.
@pytest.mark.parametrize(
    "key", [None, "wrong-key", API_KEY[:-1], f"{API_KEY}x", API_KEY.upper()], ids=repr
)
def test_a_missing_or_wrong_key_is_401(server: StartServer, key: str | None) -> None:
    response = introspect(server().url, key=key)

    assert response.status_code == 401
    assert response.json() == {"errors": [{"message": "unauthorized"}]}


def test_only_basic_auth_is_accepted(server: StartServer) -> None:
    response = httpx.post(
        server().url,
        json={"query": INTROSPECTION_QUERY},
        headers={"Authorization": f"Bearer {API_KEY}"},
        timeout=5,
    )

    assert response.status_code == 401


def test_another_path_is_404(server: StartServer) -> None:
    url = server().url.replace(ENDPOINT_PATH, "/graphql")

    response = introspect(url)

    assert response.status_code == 404
    assert response.json() == {"errors": [{"message": "not found"}]}


def test_a_body_that_is_not_a_graphql_request_is_400(server: StartServer) -> None:
    response = httpx.post(
        server().url,
        content=b"{not json",
        headers={"Authorization": f"Basic {API_KEY}"},
        timeout=5,
    )

    assert response.status_code == 400
    assert "errors" in response.json()


# --- faults ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "message"), [(401, "unauthorized"), (403, "forbidden"), (404, "not found")]
)
def test_status_answers_every_request_with_that_status(
    server: StartServer, code: int, message: str
) -> None:
    instance = server(fault=Fault.status(code))

    responses = [introspect(instance.url) for _ in range(2)]

    assert [response.status_code for response in responses] == [code, code]
    assert responses[0].json() == {"errors": [{"message": message}]}


def test_statuses_follow_the_script_and_repeat_the_last(server: StartServer) -> None:
    instance = server(fault=Fault.statuses([503, 503, 200]))

    responses = [introspect(instance.url) for _ in range(4)]

    assert [response.status_code for response in responses] == [503, 503, 200, 200]
    assert responses[0].json() == {"errors": [{"message": "service unavailable"}]}
    assert "__schema" in responses[2].json()["data"]
    assert [request.status for request in instance.requests] == [503, 503, 200, 200]


def test_a_scripted_200_still_needs_the_key(server: StartServer) -> None:
    instance = server(fault=Fault.statuses([503, 200]))

    statuses = [introspect(instance.url, key="wrong").status_code for _ in range(2)]

    assert statuses == [503, 401]


def test_slow_answers_normally_after_the_delay(server: StartServer) -> None:
    instance = server(fault=Fault.slow(0.2))

    started = time.monotonic()
    response = introspect(instance.url)

    assert time.monotonic() - started >= 0.2
    assert "__schema" in response.json()["data"]


def test_slow_outlasts_a_client_timeout(server: StartServer) -> None:
    instance = server(fault=Fault.slow(5))

    with pytest.raises(httpx.ReadTimeout):
        introspect(instance.url, timeout=0.1)


def test_stopping_during_slow_is_prompt_and_releases_the_request() -> None:
    outcome: list[BaseException] = []

    def request_in_background(url: str) -> None:
        try:
            introspect(url, timeout=10)
        except httpx.HTTPError as error:
            outcome.append(error)

    instance = IntrospectionServer(SMALL_SDL, fault=Fault.slow(30))
    instance.start()
    client = threading.Thread(target=request_in_background, args=(instance.url,))
    client.start()
    wait_for_requests(instance, 1)

    started = time.monotonic()
    instance.stop()
    client.join(timeout=2)

    assert time.monotonic() - started < 1.0
    assert not client.is_alive()
    # Closed without an answer: the held request ended when the server stopped.
    assert [type(error) for error in outcome] == [httpx.RemoteProtocolError]


def test_not_json_is_an_html_page(server: StartServer) -> None:
    response = introspect(server(fault=Fault.not_json()).url)

    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html"
    assert response.text == "<html>oops</html>"


def test_graphql_errors_has_apollos_message_and_no_data(server: StartServer) -> None:
    response = introspect(server(fault=Fault.graphql_errors()).url)

    assert response.status_code == 200
    assert response.json() == {"errors": [{"message": INTROSPECTION_DISABLED}]}


def test_not_a_schema_answers_other_data(server: StartServer) -> None:
    response = introspect(server(fault=Fault.not_a_schema()).url)

    assert response.status_code == 200
    assert response.json() == {"data": {"hello": "world"}}


def test_reject_deprecated_args_fails_only_the_modern_query(server: StartServer) -> None:
    instance = server(fault=Fault.reject_deprecated_args())

    modern = introspect(instance.url)
    legacy = introspect(instance.url, query=LEGACY_INTROSPECTION_QUERY)

    assert modern.status_code == 200
    assert modern.json() == {"errors": [{"message": UNKNOWN_INCLUDE_DEPRECATED}]}
    assert legacy.status_code == 200
    # The legacy query cannot see deprecated arguments, so the schema lacks them.
    assert "cart(id: ID!): Cart" in canonical_sdl_from(legacy)


def test_unknown_directive_location_lists_future_which_graphql_core_rejects(
    server: StartServer,
) -> None:
    response = introspect(server(fault=Fault.unknown_directive_location()).url)

    directives = schema_directives(response)
    future = directives[-1]
    assert future["name"] == "future"
    assert future["locations"] == [UNKNOWN_LOCATION, "FIELD"]
    assert future.keys() == directives[0].keys()  # shaped like the directives around it
    assert "deprecated" in [directive["name"] for directive in directives]
    with pytest.raises(TypeError, match="future locations"):
        build_client_schema(response.json()["data"])


def test_no_directives_empties_only_the_directive_list(server: StartServer) -> None:
    response = introspect(server(fault=Fault.no_directives()).url)

    assert schema_directives(response) == []
    assert "Cart" in [kind["name"] for kind in response.json()["data"]["__schema"]["types"]]


def test_faults_other_than_statuses_still_need_the_key(server: StartServer) -> None:
    response = introspect(server(fault=Fault.graphql_errors()).url, key="wrong")

    assert response.status_code == 401


# --- TLS ------------------------------------------------------------------------------


def test_an_untrusted_certificate_fails_the_handshake(server: StartServer) -> None:
    instance = server(tls=True)

    with pytest.raises(httpx.ConnectError, match="certificate"):
        introspect(instance.url)

    assert instance.url.startswith("https://127.0.0.1:")
    assert instance.requests == []


def test_trusting_the_ca_succeeds(server: StartServer) -> None:
    instance = server(tls=True)

    response = introspect(instance.url, verify=ssl_context_from(instance.ca_pem_path))

    assert "__schema" in response.json()["data"]


def test_ssl_cert_file_trusts_the_ca(server: StartServer, monkeypatch: pytest.MonkeyPatch) -> None:
    instance = server(tls=True)
    monkeypatch.setenv("SSL_CERT_FILE", str(instance.ca_pem_path))

    response = introspect(instance.url)

    assert response.status_code == 200


def test_the_ca_file_is_removed_on_stop() -> None:
    with IntrospectionServer(SMALL_SDL, tls=True) as instance:
        ca_pem_path = instance.ca_pem_path
        assert ca_pem_path.read_bytes().startswith(b"-----BEGIN CERTIFICATE-----")

    assert not ca_pem_path.exists()


def test_a_plain_server_has_no_ca(server: StartServer) -> None:
    with pytest.raises(RuntimeError, match="tls=True"):
        _ = server().ca_pem_path


# --- fixture files --------------------------------------------------------------------


@pytest.mark.parametrize("wrap_in_data", [False, True])
def test_introspection_json_round_trips(wrap_in_data: bool) -> None:
    canonical = print_schema(lexicographic_sort_schema(build_schema(SMALL_SDL))) + "\n"

    document = json.loads(introspection_json(SMALL_SDL, wrap_in_data=wrap_in_data))

    result = document["data"] if wrap_in_data else document
    assert list(document) == (["data"] if wrap_in_data else ["__schema"])
    assert print_schema(lexicographic_sort_schema(build_client_schema(result))) + "\n" == (
        canonical
    )


def test_introspection_json_can_add_the_future_directive() -> None:
    text = introspection_json(SMALL_SDL, wrap_in_data=True, extra_directive_location=True)

    directives = json.loads(text)["data"]["__schema"]["directives"]
    assert directives[-1]["name"] == "future"
    assert UNKNOWN_LOCATION in directives[-1]["locations"]
    assert text.endswith("}\n")
    assert text == introspection_json(SMALL_SDL, wrap_in_data=True, extra_directive_location=True)
