"""The live schema: pull, drift --live and check --live against a real introspection server on
127.0.0.1, and every fault it can inject. No test sends a packet off this machine."""

from __future__ import annotations

import hashlib
import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.introspection_server import Fault, IntrospectionServer, introspection_json
from tests.project import REPO, SCHEMAS, Project, Result

SECRET = "s3cr3t-rye-key-0123456789"
SNAPSHOT = (REPO / "schema" / "rye.graphql").read_text(encoding="utf-8")
REMOVED = (SCHEMAS / "rye-cancelorder-removed.graphql").read_text(encoding="utf-8")

StartServer = Callable[..., IntrospectionServer]


@pytest.fixture
def server() -> Iterator[StartServer]:
    started: list[IntrospectionServer] = []

    def start(schema_sdl: str = SNAPSHOT, **kwargs: Any) -> IntrospectionServer:
        instance = IntrospectionServer(schema_sdl, api_key=SECRET, **kwargs)
        started.append(instance)
        instance.start()
        return instance

    yield start
    for instance in started:
        instance.stop()


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Project:
    monkeypatch.setenv("RYE_API_KEY", SECRET)
    return Project.copy_of_repo(tmp_path / "project")


def files_written(project: Project) -> str:
    return "\n".join(
        p.read_text("utf-8", "replace")
        for p in sorted(project.root.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    )


def assert_no_secret(project: Project, result: Result) -> None:
    assert SECRET not in result.stdout + result.stderr
    assert SECRET not in files_written(project)


def snapshot_state(project: Project) -> tuple[bytes, int]:
    path = project.root / "schema" / "rye.graphql"
    return path.read_bytes(), path.stat().st_mtime_ns


# --- pull ------------------------------------------------------------------------------------


def test_pull_reproduces_the_snapshot_byte_for_byte_and_writes_the_lock(
    project: Project, server: StartServer
) -> None:
    live = server()
    snapshot = project.root / "schema" / "rye.graphql"
    snapshot.write_text("type Query {\n  stale: Int\n}\n", encoding="utf-8")

    result = project.run("pull", "--url", live.url)

    assert result.exit_code == 0, result.stderr
    assert snapshot.read_text(encoding="utf-8") == SNAPSHOT
    lock = json.loads((project.root / "schema" / "rye.lock.json").read_text())
    assert lock["endpoint"] == live.url
    assert lock["tool"].startswith("rye-codegen ")
    assert len(lock["schema_sha256"]) == 64 and lock["fetched_at"].endswith("Z")
    [request] = live.requests
    assert request.headers["authorization"] == f"Basic {SECRET}"
    assert request.headers["rye-shopper-ip"] == "127.0.0.1"
    assert "includeDeprecated: true" in request.body["query"]
    assert_no_secret(project, result)


def test_pull_twice_touches_nothing_the_second_time(project: Project, server: StartServer) -> None:
    live = server()
    assert project.run("pull", "--url", live.url).exit_code == 0
    paths = [project.root / "schema" / "rye.graphql", project.root / "schema" / "rye.lock.json"]
    before = [(p.read_bytes(), p.stat().st_mtime_ns) for p in paths]

    again = project.run("pull", "--url", live.url)

    assert again.exit_code == 0
    assert "is up to date with" in again.stderr
    assert [(p.read_bytes(), p.stat().st_mtime_ns) for p in paths] == before


def test_pull_of_a_changed_schema_prints_its_drift(project: Project, server: StartServer) -> None:
    live = server(REMOVED)
    result = project.run("pull", "--url", live.url)
    assert result.exit_code == 0, result.stderr
    assert "FIELD_REMOVED  Mutation.cancelOrder" in result.stdout
    assert "now run `rye-codegen generate`" in result.stderr


# --- drift --live and check --live ---------------------------------------------------------


def test_drift_live_names_the_operation_the_live_schema_breaks(
    project: Project, server: StartServer
) -> None:
    live = server(REMOVED)
    before = snapshot_state(project)
    result = project.run("drift", "--live", "--url", live.url)
    assert result.exit_code == 1
    assert "queries/cancel_order.graphql:2:3 (CancelOrder)" in result.stdout
    assert snapshot_state(project) == before  # drift --live writes nothing
    assert_no_secret(project, result)


def test_check_live_passes_when_the_live_schema_is_the_snapshot(
    project: Project, server: StartServer
) -> None:
    assert project.run("check", "--live", "--url", server().url).exit_code == 0
    broken = project.run("check", "--live", "--url", server(REMOVED).url)
    assert broken.exit_code == 1
    assert "queries/cancel_order.graphql:2:3: error[op-invalid]" in broken.stderr


# --- faults: one line, exit 2, snapshot untouched, no secret anywhere ----------------------


def run_fault(project: Project, *argv: str) -> Result:
    before = snapshot_state(project)
    result = project.run("pull", *argv)
    assert result.exit_code == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot_state(project) == before
    assert not (project.root / "schema" / "rye.lock.json").exists()
    assert_no_secret(project, result)
    return result


def first_line(result: Result) -> str:
    return result.stderr.splitlines()[0]


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_connection_refused(project: Project) -> None:
    url = f"http://127.0.0.1:{closed_port()}/v1/query"
    result = run_fault(project, "--url", url)
    assert first_line(result) == (
        f"{url}: error[live]: {url} refused the connection (after 3 attempts)"
    )


def test_dns_failure_is_simulated_at_the_resolver(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_such_host(*_: object, **__: object) -> Any:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_such_host)
    result = run_fault(project, "--url", "https://graphql.rye.invalid/v1/query")
    assert "error[live]: cannot resolve graphql.rye.invalid: Name or service not known" in (
        first_line(result)
    )


def test_timeout_is_retried_then_reported(project: Project, server: StartServer) -> None:
    live = server(fault=Fault.slow(5))
    project.edit_pyproject(lambda t: t.replace("timeout = 10", "timeout = 0.2"))
    result = run_fault(project, "--url", live.url)
    assert "did not answer within 0.2 s (after 3 attempts)" in first_line(result)
    assert len(live.requests) == 3


@pytest.mark.parametrize("status", [401, 403])
def test_refused_credentials_name_the_header_not_its_value(
    project: Project, server: StartServer, status: int
) -> None:
    result = run_fault(project, "--url", server(fault=Fault.status(status)).url)
    assert f"refused the credentials (HTTP {status})" in first_line(result)
    assert "check the Authorization header (read from RYE_API_KEY)" in result.stderr


def test_wrong_key_is_a_401(
    project: Project, server: StartServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RYE_API_KEY", "wrong-key")
    result = run_fault(project, "--url", server().url)
    assert "refused the credentials (HTTP 401)" in first_line(result)
    assert "wrong-key" not in result.stderr


def test_not_found(project: Project, server: StartServer) -> None:
    result = run_fault(project, "--url", server(fault=Fault.status(404)).url)
    assert "no GraphQL endpoint at" in first_line(result)


def test_5xx_is_retried_and_recovers(project: Project, server: StartServer) -> None:
    live = server(fault=Fault.statuses([503, 503, 200]))
    result = project.run("pull", "--url", live.url)
    assert result.exit_code == 0, result.stderr
    assert len(live.requests) == 3


def test_5xx_that_persists_is_reported(project: Project, server: StartServer) -> None:
    result = run_fault(project, "--url", server(fault=Fault.statuses([500])).url)
    assert "answered HTTP 500 (after 3 attempts)" in first_line(result)


def test_non_json_body(project: Project, server: StartServer) -> None:
    result = run_fault(project, "--url", server(fault=Fault.not_json()).url)
    assert "answered HTTP 200 with text/html, not GraphQL JSON" in first_line(result)


def test_introspection_disabled_says_so(project: Project, server: StartServer) -> None:
    result = run_fault(project, "--url", server(fault=Fault.graphql_errors()).url)
    assert "introspection failed at" in first_line(result)
    assert "introspection disabled" in result.stderr


def test_json_that_is_no_schema(project: Project, server: StartServer) -> None:
    result = run_fault(project, "--url", server(fault=Fault.not_a_schema()).url)
    assert "error[schema-syntax]: not an introspection result" in first_line(result)


def test_untrusted_tls_certificate(project: Project, server: StartServer) -> None:
    live = server(tls=True)
    result = run_fault(project, "--url", live.url)
    assert "error[live]: TLS failed with 127.0.0.1: certificate verify failed" in (
        first_line(result)
    )


def test_tls_with_the_configured_ca_bundle(project: Project, server: StartServer) -> None:
    live = server(tls=True)
    project.edit_pyproject(
        lambda t: t.replace(
            "retries = 3", f'retries = 3\nca_bundle = "{live.ca_pem_path.as_posix()}"'
        )
    )
    result = project.run("pull", "--url", live.url)
    assert result.exit_code == 0, result.stderr


def test_server_without_deprecated_arguments_falls_back_and_says_so(
    project: Project, server: StartServer
) -> None:
    live = server(fault=Fault.reject_deprecated_args())
    result = project.run("drift", "--live", "--url", live.url)
    assert "warning[live]: the server rejects includeDeprecated on arguments" in result.stderr
    assert result.exit_code == 0, result.stderr
    assert len(live.requests) == 2


@pytest.mark.parametrize("fault", [Fault.unknown_directive_location(), Fault.no_directives()])
def test_newer_servers_load(project: Project, server: StartServer, fault: Fault) -> None:
    result = project.run("check", "--live", "--url", server(fault=fault).url)
    # @include and @skip still validate in our operations.
    assert result.exit_code == 0, result.stderr


def test_missing_key_variable_is_named(
    project: Project, server: StartServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("RYE_API_KEY")
    result = run_fault(project, "--url", server().url)
    assert "RYE_API_KEY" in first_line(result)


def test_header_flag_and_env_flag(project: Project, server: StartServer) -> None:
    live = server()
    result = project.run("pull", "--url", live.url, "--header", "Rye-Shopper-IP: 10.1.2.3")
    assert result.exit_code == 0, result.stderr
    assert live.requests[0].headers["rye-shopper-ip"] == "10.1.2.3"


# --- introspection JSON files ------------------------------------------------------------


@pytest.mark.parametrize(
    ("wrapped", "extra_location"), [(True, False), (False, False), (True, True)]
)
def test_introspection_json_fixtures_load(
    project: Project, wrapped: bool, extra_location: bool
) -> None:
    path = project.root / "live.json"
    path.write_text(
        introspection_json(SNAPSHOT, wrap_in_data=wrapped, extra_directive_location=extra_location)
    )
    result = project.run("drift", "--against", "live.json")
    assert result.exit_code == 0, result.stderr
    # The unknown location is dropped; the directive stays for the location it still has.
    expected = "DIRECTIVE_ADDED  1 untouched: @future" if extra_location else "no changes"
    assert expected in result.stdout


def test_verbose_and_debug_output_mask_every_secret(
    project: Project, server: StartServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    live = server(fault=Fault.status(401))
    monkeypatch.setenv("RYE_SHOPPER_IP", "203.0.113.9")
    result = run_fault(project, "--url", live.url, "--verbose", "--debug")
    assert f"POST {live.url} (timeout 10 s, 3 attempts) with Authorization: <" in result.stderr
    assert "Authorization: <masked>, Rye-Shopper-IP: <masked>" in result.stderr
    assert "203.0.113.9" not in result.stderr


def test_header_typo_never_echoes_the_value(project: Project, server: StartServer) -> None:
    result = project.run("pull", "--url", server().url, "--header", f"Authorization Basic {SECRET}")
    assert result.exit_code == 2
    assert "the one starting 'Authorization' has no colon" in result.stderr
    assert_no_secret(project, result)


@pytest.mark.parametrize("key", ["", "key\n", "k\u00e9y", "key "])
def test_empty_or_unsendable_key_is_a_config_error_naming_the_variable(
    project: Project, server: StartServer, monkeypatch: pytest.MonkeyPatch, key: str
) -> None:
    live = server()
    monkeypatch.setenv("RYE_API_KEY", key)
    result = run_fault(project, "--url", live.url)
    assert "error[config]: the Authorization header" in first_line(result)
    assert "RYE_API_KEY" in first_line(result)
    assert live.requests == []  # nothing sent, nothing retried


def test_header_names_merge_ignoring_case(project: Project, server: StartServer) -> None:
    live = server()
    result = project.run(
        "pull", "--url", live.url, "--verbose", "--header", f"authorization: Basic {SECRET}"
    )
    assert result.exit_code == 0, result.stderr
    assert result.stderr.count("uthorization: <masked>") == 1


@pytest.mark.parametrize(
    "argv",
    [
        ["check", "--url", "http://127.0.0.1:1/v1/query"],
        ["pull", "--env", "staging", "--url", "http://127.0.0.1:1/"],
    ],
)
def test_live_flags_that_would_be_ignored_are_refused(project: Project, argv: list[str]) -> None:
    result = project.run(*argv)
    assert result.exit_code == 2
    assert "error[usage]" in result.stderr  # flags that cannot go together


def test_bad_ca_bundle_names_its_path(project: Project, server: StartServer) -> None:
    project.edit_pyproject(lambda t: t.replace("retries = 3", 'retries = 3\nca_bundle = "no.pem"'))
    result = run_fault(project, "--url", server(tls=True).url)
    assert "cannot use the ca_bundle" in first_line(result) and "no.pem" in first_line(result)


def test_check_live_stale_hint_says_pull_then_generate(
    project: Project, server: StartServer
) -> None:
    client = project.root / "generated" / "rye_client" / "client.py"
    client.write_text(client.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    result = project.run("check", "--live", "--url", server().url)
    assert result.exit_code == 1
    assert "run `rye-codegen pull`, then `rye-codegen generate`" in result.stderr


def test_snapshot_and_lock_change_together_or_not_at_all(
    project: Project, server: StartServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    import generator.output

    assert project.run("pull", "--url", server().url).exit_code == 0
    paths = [project.root / "schema" / "rye.graphql", project.root / "schema" / "rye.lock.json"]
    before = [p.read_bytes() for p in paths]
    real = generator.output._stage_file
    calls: list[Path] = []

    def fail_on_the_lock(target: Path, text: str, shown: str) -> Path:
        calls.append(target)
        if target.name.endswith(".lock.json") and len(calls) == 2:
            raise OSError(28, "No space left on device")
        return real(target, text, shown)

    monkeypatch.setattr(generator.output, "_stage_file", fail_on_the_lock)
    result = project.run("pull", "--url", server(REMOVED).url)
    assert result.exit_code == 2
    assert [p.read_bytes() for p in paths] == before
    assert sorted(p.name for p in paths[0].parent.iterdir()) == ["rye.graphql", "rye.lock.json"]


def test_server_echoing_the_key_in_an_error_is_masked(
    project: Project, server: StartServer, tmp_path: Path
) -> None:
    import http.server
    import threading

    class Echo(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
            self.rfile.read(int(self.headers["Content-Length"]))
            body = json.dumps(
                {"errors": [{"message": f"bad token {self.headers['Authorization']}"}]}
            )
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body.encode())

        def log_message(self, *_: Any) -> None:
            pass

    echo = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Echo)
    threading.Thread(target=echo.serve_forever, daemon=True).start()
    try:
        result = run_fault(project, "--url", f"http://127.0.0.1:{echo.server_port}/v1/query")
    finally:
        echo.shutdown()
    assert "bad token <masked>" in first_line(result)


@pytest.mark.parametrize(
    "setting",
    ["timeout = inf", "timeout = nan", "retries = 0.5", "retries = 2000", 'ca_bundle = ""'],
)
def test_odd_endpoint_settings_are_config_errors(project: Project, setting: str) -> None:
    project.edit_pyproject(
        lambda t: (
            t.replace("retries = 3", f"retries = 3\n{setting}")
            if not setting.startswith("retries")
            else t.replace("retries = 3", setting)
        )
    )
    result = project.run("pull", "--url", "http://127.0.0.1:1/v1/query")
    assert result.exit_code == 2
    assert result.stderr.startswith("pyproject.toml:") and "error[config]" in result.stderr


def test_redirect_is_not_followed_or_taken_for_the_schema(project: Project) -> None:
    import http.server
    import threading

    class Redirect(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
            self.rfile.read(int(self.headers["Content-Length"]))
            self.send_response(301)
            self.send_header("Location", "http://127.0.0.1:1/elsewhere")
            self.end_headers()

        def log_message(self, *_: Any) -> None:
            pass

    redirect = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Redirect)
    threading.Thread(target=redirect.serve_forever, daemon=True).start()
    try:
        result = run_fault(project, "--url", f"http://127.0.0.1:{redirect.server_port}/v1/query")
    finally:
        redirect.shutdown()
    assert "answered HTTP 301" in first_line(result)
    assert "redirects are not followed" in result.stderr


def test_a_folder_of_sdl_files_is_one_schema_with_errors_in_their_file(project: Project) -> None:
    folder = project.root / "split"
    folder.mkdir()
    snapshot = (project.root / "schema" / "rye.graphql").read_text()
    query_start = snapshot.rindex("\n\n", 0, snapshot.index("type Query {")) + 2
    (folder / "a_query.graphql").write_text(snapshot[query_start:])
    (folder / "b_rest.graphql").write_text(snapshot[:query_start])
    result = project.run("drift", "--against", "split")
    assert result.exit_code == 0, result.stderr
    assert "no changes" in result.stdout

    (folder / "c_broken.graphql").write_text("type Extra {\n  money: Money\n}\n")
    broken = project.run("drift", "--against", "split")
    assert broken.exit_code == 2
    assert broken.stderr.startswith(
        "split/c_broken.graphql:2:10: error[schema-syntax]: Unknown type 'Money'."
    )


def _schema_of_introspection_above(megabytes: float) -> str:
    """The snapshot plus enough described types that its introspection passes `megabytes`."""
    description = "x" * 1000
    count = int(megabytes * 2**20 / 1000) + 1
    extra = "".join(f'"{description}"\ntype Padding{i} {{ id: ID }}\n' for i in range(count))
    return SNAPSHOT + "\n" + extra


def test_an_introspection_answer_over_the_size_limit_is_refused(
    project: Project, server: StartServer
) -> None:
    large = server(_schema_of_introspection_above(1.2))
    project.edit_pyproject(
        lambda text: text.replace("retries = 3", "retries = 3\nmax_megabytes = 1")
    )
    before = snapshot_state(project)
    result = project.run("pull", "--url", large.url)
    assert result.exit_code == 2
    assert "answered more than 1 MB" in result.stderr
    assert snapshot_state(project) == before
    assert_no_secret(project, result)

    project.edit_pyproject(lambda text: text.replace("max_megabytes = 1", "max_megabytes = 2"))
    assert project.run("pull", "--url", large.url).exit_code == 0


def test_a_pull_compares_under_the_lock_so_the_lock_file_matches_the_snapshot(
    project: Project, server: StartServer
) -> None:
    """Another run replaces the snapshot while this pull waits for the schema folder's lock:
    the pull judges the snapshot that run leaves, and its lock file names what it writes.
    (pipeline.pull compares and writes under one hold of the lock; before, a run that took
    the lock between its comparison and its write left a lock naming a schema the snapshot
    no longer held. That window needs an injected delay to hit; this pins the ordering.)"""
    live = server()  # serves the snapshot as it is now
    folder = project.root / "schema"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys\n"
            "from pathlib import Path\n"
            "from generator.atomic import serialised\n"
            "folder = Path(sys.argv[1])\n"
            "with serialised(folder, 'schema'):\n"
            "    print('held', flush=True)\n"
            "    sys.stdin.readline()\n"
            "    (folder / 'rye.graphql').write_text('type Query {\\n  other: Int\\n}\\n')\n",
            str(folder),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline() == "held\n"
    pulling = subprocess.Popen(
        [sys.executable, "-m", "generator", "pull", "--url", live.url],
        cwd=project.root,
        env={**os.environ, "RYE_API_KEY": SECRET},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 120
    while not live.requests and time.monotonic() < deadline:  # the pull has its schema
        time.sleep(0.05)
    time.sleep(3)  # and has judged it, had it judged without the lock
    assert holder.stdin is not None
    holder.stdin.write("go\n")
    holder.stdin.close()
    holder.wait(timeout=60)
    _, errors = pulling.communicate(timeout=120)
    result = Result(pulling.returncode, "", errors)

    assert result.exit_code == 0, result.stderr
    snapshot = (folder / "rye.graphql").read_text(encoding="utf-8")
    assert snapshot == SNAPSHOT  # the other run's schema was replaced, not kept
    lock = json.loads((folder / "rye.lock.json").read_text())
    assert lock["schema_sha256"] == hashlib.sha256(snapshot.encode()).hexdigest()
