"""Where the peers and the fetched inputs live, the setup step that installs them, and the
machine line.

Everything installed or fetched goes to one cache folder outside the repository:
`$RYE_CODEGEN_BENCH_CACHE`, else `~/.cache/rye-codegen-bench`.

    node/                       npm install of benchmarks/node/package.json (pinned, with lock)
    github/schema.graphql       @octokit/graphql-schema's SDL, repaired (repair_github_schema.py)
    github-old/schema.graphql   the same of the older version installed as `octokit-schema-old`
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import subprocess
import sys
from importlib import metadata
from pathlib import Path

from benchmarks import repair_github_schema

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
NODE_SPEC = HERE / "node"
CACHE_ENV = "RYE_CODEGEN_BENCH_CACHE"
# The npm alias under which package.json installs the older GitHub schema (the `diff` job's OLD).
OLD_SCHEMA_PACKAGE = "octokit-schema-old"


def cache_dir() -> Path:
    configured = os.environ.get(CACHE_ENV)
    if configured:
        return Path(configured).expanduser().resolve()
    return Path.home() / ".cache" / "rye-codegen-bench"


def node_modules() -> Path:
    return cache_dir() / "node" / "node_modules"


def graphql_codegen_bin() -> Path | None:
    """The CommonJS entry point of @graphql-codegen/cli, run with `node` (no shell wrapper)."""
    path = node_modules() / "@graphql-codegen" / "cli" / "cjs" / "bin.js"
    return path if path.is_file() else None


def graphql_inspector_bin() -> Path | None:
    """The CommonJS entry point of @graphql-inspector/cli, run with `node`."""
    path = node_modules() / "@graphql-inspector" / "cli" / "cjs" / "index.js"
    return path if path.is_file() else None


def github_schema() -> Path | None:
    path = cache_dir() / "github" / "schema.graphql"
    return path if path.is_file() else None


def github_old_schema() -> Path | None:
    """GitHub's schema of about a year before `github_schema()`, repaired the same way."""
    path = cache_dir() / "github-old" / "schema.graphql"
    return path if path.is_file() else None


def node_executable() -> str | None:
    return shutil.which("node")


def setup(log: object = print) -> int:
    """Install the npm peers into the cache and repair GitHub's schema there."""
    say = log if callable(log) else print
    npm = shutil.which("npm")
    if npm is None or node_executable() is None:
        say("setup: node and npm are needed for the graphql-codegen peer and GitHub's schema")
        return 2
    target = cache_dir() / "node"
    target.mkdir(parents=True, exist_ok=True)
    for name in ("package.json", "package-lock.json"):
        if (NODE_SPEC / name).is_file():
            shutil.copyfile(NODE_SPEC / name, target / name)
    locked = (target / "package-lock.json").is_file()
    command = [npm, "ci" if locked else "install", "--no-audit", "--no-fund", "--loglevel=error"]
    say(f"setup: {' '.join(command[1:])} in {target}")
    subprocess.run(command, cwd=target, check=True)
    for package, folder in (
        ("@octokit/graphql-schema", "github"),
        (OLD_SCHEMA_PACKAGE, "github-old"),
    ):
        source = node_modules() / package / "schema.graphql"
        out = cache_dir() / folder / "schema.graphql"
        say(f"setup: repairing {source.name} of {package} {npm_version(package)} into {out}")
        repair_github_schema.main([str(source), str(out)])
    say("setup: done")
    return 0


def npm_version(package: str) -> str | None:
    manifest = node_modules() / package / "package.json"
    if not manifest.is_file():
        return None
    version = json.loads(manifest.read_text(encoding="utf-8")).get("version")
    return str(version) if version else None


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def machine() -> dict[str, object]:
    versions: dict[str, str | None] = {}
    for dist in ("rye-codegen", "ariadne-codegen", "graphql-core", "pydantic", "ruff"):
        try:
            versions[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            versions[dist] = None
    node = node_executable()
    node_version = None
    if node:
        node_version = subprocess.run(
            [node, "--version"], capture_output=True, text=True, check=False
        ).stdout.strip()
    versions["node"] = node_version
    for package in (
        "@graphql-codegen/cli",
        "@graphql-codegen/typescript",
        "@graphql-codegen/typescript-operations",
        "@graphql-inspector/cli",
        "@octokit/graphql-schema",
    ):
        versions[package] = npm_version(package)
    versions[f"{OLD_SCHEMA_PACKAGE} (@octokit/graphql-schema)"] = npm_version(OLD_SCHEMA_PACKAGE)
    return {
        "cpu": _cpu_model(),
        "cores": os.cpu_count(),
        "system": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "python_executable": sys.executable,
        "versions": versions,
    }


def machine_line(info: dict[str, object]) -> str:
    raw = info["versions"]
    assert isinstance(raw, dict)
    versions = ", ".join(f"{k} {v}" for k, v in raw.items() if v)
    return (
        f"machine: {info['cpu']}, {info['cores']} cores, {info['system']}, "
        f"Python {info['python']}; {versions}"
    )
