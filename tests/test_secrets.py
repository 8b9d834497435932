"""One recognisable fake API key, in the environment and in headers, through every command:
successes, failures and `--debug` alike. It must appear in no output and in no file.

The live commands talk to a real introspection server on 127.0.0.1 that checks the key, and
one that answers 500 with the key echoed in its body; alerts go to a real webhook receiver
that fails, with a secret in its URL. The key is also searched for as the Basic credential
it becomes (base64), since that is what a careless log line would show.
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.introspection_server import Fault, IntrospectionServer
from tests.project import REPO, SCHEMAS, Project, Result
from tests.webhook_receiver import WebhookReceiver

KEY = "FAKE-rye-key-5a1e7c0ffee"
HEADER_TOKEN = "FAKE-header-token-9b8d"
WEBHOOK_SECRET = "FAKE-webhook-path-77c3"
SNAPSHOT = (REPO / "schema" / "rye.graphql").read_text(encoding="utf-8")
SECRETS = (
    KEY,
    HEADER_TOKEN,
    WEBHOOK_SECRET,
    base64.b64encode(KEY.encode()).decode(),
    base64.b64encode(f"{KEY}:".encode()).decode(),
)


@pytest.fixture(scope="module")
def servers() -> Iterator[dict[str, str]]:
    good = IntrospectionServer(SNAPSHOT, api_key=KEY)
    failing = IntrospectionServer(SNAPSHOT, api_key=KEY, fault=Fault.status(500))
    webhook = WebhookReceiver([500], error_body=f"no such hook {WEBHOOK_SECRET} {KEY}".encode())
    for server in (good, failing, webhook):
        server.start()
    try:
        yield {
            "live": good.url,
            "failing": failing.url,
            "closed": "http://127.0.0.1:9/graphql",
            "webhook": webhook.url(f"/services/{WEBHOOK_SECRET}"),
        }
    finally:
        for server in (good, failing, webhook):
            server.stop()


Argv = Callable[[dict[str, str]], list[str]]
HEADER = ["--header", f"X-Extra-Token: {HEADER_TOKEN}"]
COMMANDS: dict[str, Argv] = {
    "validate": lambda _: ["validate", "-v"],
    "generate": lambda _: ["generate", "-v"],
    "check": lambda _: ["check", "-v"],
    "check-live": lambda s: ["check", "--live", "--url", s["live"], *HEADER, "-v"],
    "check-live-500": lambda s: ["check", "--live", "--url", s["failing"], *HEADER, "-v"],
    "pull": lambda s: ["pull", "--url", s["live"], *HEADER, "-v"],
    "pull-500": lambda s: ["pull", "--url", s["failing"], *HEADER, "-v"],
    "pull-refused": lambda s: ["pull", "--url", s["closed"], *HEADER, "-v"],
    "pull-header-typo": lambda s: ["pull", "--url", s["live"], "--header", f"Bad {KEY}"],
    "drift-live-alert": lambda s: [
        "drift",
        "--live",
        "--url",
        s["live"],
        "--notify",
        "${RYE_DRIFT_WEBHOOK}",
        "--notify-always",
    ],
    "drift-alert": lambda s: [
        "drift",
        "--against",
        str(SCHEMAS / "rye-cancelorder-removed.graphql"),
        "--notify",
        s["webhook"],
    ],
    "diff-alert": lambda s: [
        "diff",
        str(SCHEMAS / "rye-sdk-1.4.2.graphql"),
        "schema/rye.graphql",
        "--notify",
        "${RYE_DRIFT_WEBHOOK}",
        "--notify-always",
        "--format",
        "json",
    ],
    "snapshot": lambda _: ["snapshot", "--from", str(SCHEMAS / "rye-sdk-1.4.2.graphql")],
    "add": lambda _: ["add", "Query.orderByID", "--name", "OrderDetails", "-v"],
    "init-live": lambda s: ["init", "fresh", "--url", s["live"], "-v"],
    "init-refused": lambda s: ["init", "fresh", "--url", s["closed"]],
}


# What each run ends in, so each takes the path it is named for.
EXIT_CODES = {
    **dict.fromkeys(
        ["validate", "generate", "check", "check-live", "pull", "snapshot", "add", "init-live"], 0
    ),
    **dict.fromkeys(
        [
            "check-live-500",
            "pull-500",
            "pull-refused",
            "pull-header-typo",
            "drift-live-alert",
            "drift-alert",
            "diff-alert",
            "init-refused",
        ],
        2,
    ),
}


def file_texts(root: Path) -> str:
    return "\n".join(
        p.read_bytes().decode("utf-8", "replace")
        for p in sorted(root.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    )


def assert_no_secret(result: Result, root: Path) -> None:
    output = result.stdout + result.stderr
    written = file_texts(root)
    for secret in SECRETS:
        assert secret not in output, output[-3000:]
        assert secret not in written


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_no_command_shows_or_writes_a_secret(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, servers: dict[str, str], name: str
) -> None:
    monkeypatch.setenv("RYE_API_KEY", KEY)
    monkeypatch.setenv("RYE_DRIFT_WEBHOOK", servers["webhook"])
    project = Project.copy_of_repo(tmp_path / "project")
    (project.root / "fresh").mkdir()
    argv = COMMANDS[name](servers)

    result = project.run(*argv, "--debug")

    assert result.exit_code == EXIT_CODES[name], result.stderr[-3000:]
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    assert_no_secret(result, project.root)


def test_every_command_is_run_and_failures_are_half_of_them() -> None:
    """Not only the happy paths: a 500, a refused connection, a header typo, an alert that
    fails (its answer echoing the key) and an init that cannot connect."""
    assert EXIT_CODES.keys() == COMMANDS.keys()
    assert sum(code == 2 for code in EXIT_CODES.values()) == 8
