"""The one place that drives ariadne-codegen: in-process, into a private temporary folder.

Its command line reads the schema and the operations itself; we already hold both, validated,
so we build its package generator directly (emit/package.py) and call `add_operation` and
`generate`. tests/test_ariadne_internals.py fails when an upgrade changes these internals.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import tempfile
import warnings
from collections.abc import Sequence
from pathlib import Path

from ariadne_codegen.client_generators.scalars import ScalarData
from ariadne_codegen.plugins.base import Plugin
from ariadne_codegen.plugins.manager import PluginManager
from ariadne_codegen.settings import ClientSettings, CommentsStrategy
from ariadne_codegen.utils import format_many
from graphql import GraphQLSchema, OperationDefinitionNode

from generator.emit.context import EmitContext
from generator.emit.model_names import distinct_model_names
from generator.emit.package import UnformattedPackageGenerator, package_generator
from generator.emit.unprinted import operations_unprinted
from generator.errors import EmitError
from generator.plugins.context_plugin import CONTEXT_KEY, SCHEMA_FIELDS_KEY
from generator.plugins.deprecation_markers import DeprecationMarkerPlugin
from generator.plugins.docstrings import DocstringPlugin
from generator.plugins.forward_compatible import ForwardCompatiblePlugin
from generator.plugins.header import HeaderPlugin
from generator.plugins.lazy_package import LazyPackagePlugin
from generator.plugins.model_docstrings import ModelDocstringPlugin
from generator.plugins.naming import NamingPlugin, names_models_yield_to
from generator.plugins.runtime_clients import (
    ASYNC_BASE_CLIENT,
    RuntimeClientPlugin,
    runtime_files,
)
from generator.plugins.scalar_variables import ScalarVariablesPlugin
from generator.plugins.schema_fields import SchemaFields
from generator.plugins.sync_client import ASYNC_FILE, SyncClientPlugin
from generator.plugins.wire_document import WireDocumentPlugin

# Order matters: names are settled before the enums module gains its base class (whose name
# a schema enum may share); literals go in; the sync client is derived from the finished async
# one. Then the whole package is formatted once more (`_formatted`).
PLUGINS: tuple[type[Plugin], ...] = (
    HeaderPlugin,
    NamingPlugin,
    RuntimeClientPlugin,
    ScalarVariablesPlugin,  # extends the `_transport` import RuntimeClientPlugin adds
    WireDocumentPlugin,
    DocstringPlugin,
    ModelDocstringPlugin,
    DeprecationMarkerPlugin,
    ForwardCompatiblePlugin,
    LazyPackagePlugin,  # after every plugin that adds to the client module's imports
    SyncClientPlugin,  # derives the sync client from the finished async one
)


SCRATCH_PREFIX = "rye-codegen-emit-"


def _remove_scratch_of_killed_runs() -> None:
    """A run killed by SIGKILL cannot delete its scratch folder; the next run does, once the
    process id in its name no longer runs."""
    for folder in Path(tempfile.gettempdir()).glob(f"{SCRATCH_PREFIX}*-*"):
        pid = folder.name[len(SCRATCH_PREFIX) :].split("-", 1)[0]
        if pid.isdigit() and not _running(int(pid)) and folder.is_dir():
            shutil.rmtree(folder, ignore_errors=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # someone else's process, or not ours to signal: it runs
        return True
    return True


def run_ariadne(
    schema: GraphQLSchema,
    operations: Sequence[OperationDefinitionNode],
    context: EmitContext,
    package_name: str,
) -> dict[str, str]:
    """The files of the generated package, keyed by their path inside it."""
    _remove_scratch_of_killed_runs()
    with tempfile.TemporaryDirectory(prefix=f"{SCRATCH_PREFIX}{os.getpid()}-") as scratch:
        root = Path(scratch)
        settings = _settings(root, package_name, context)
        manager = PluginManager(
            schema=schema,
            config_dict={CONTEXT_KEY: context, SCHEMA_FIELDS_KEY: SchemaFields(schema)},
            plugins_types=list(PLUGINS),
        )
        generator = package_generator(schema, settings, manager)
        captured = io.StringIO()
        try:
            with (
                contextlib.redirect_stdout(captured),
                contextlib.redirect_stderr(captured),
                warnings.catch_warnings(),
            ):
                # It warns about deprecated fields; our own policy has judged those already.
                warnings.simplefilter("ignore")
                with (
                    operations_unprinted(),
                    distinct_model_names(
                        names_models_yield_to(schema, context.operations, context.scalars)
                    ),
                ):
                    for operation in operations:
                        generator.add_operation(operation)
                generator.generate()
        except Exception as exc:
            detail = captured.getvalue().strip()
            raise EmitError(
                f"ariadne-codegen failed: {exc}" + (f"\n{detail}" if detail else "")
            ) from exc
        files = _formatted(_read_tree(root / package_name), context.extra_files, generator)
        if not context.features.async_client:
            del files[ASYNC_FILE], files[ASYNC_BASE_CLIENT.name]
        return files


def _settings(root: Path, package_name: str, context: EmitContext) -> ClientSettings:
    # ariadne-codegen insists these paths exist, though it reads neither when driven this way
    # (printing the schema into it cost a large schema seconds and gigabytes).
    schema_path = root / "schema.graphql"
    schema_path.write_text("# not read: the schema is passed in\n", encoding="utf-8")
    queries_path = root / "queries"
    queries_path.mkdir()
    return ClientSettings(
        schema_path=schema_path.as_posix(),
        queries_path=queries_path.as_posix(),
        target_package_name=package_name,
        target_package_path=root.as_posix(),
        include_comments=CommentsStrategy.NONE,
        async_client=True,
        client_name="AsyncClient",
        client_file_name="async_client",
        base_client_name="AsyncBaseClient",
        base_client_file_path=ASYNC_BASE_CLIENT.as_posix(),
        base_client_module_name="async_base_client",
        multipart_uploads=False,
        show_deprecation_warnings=False,
        # A package that imports fast: plugins/lazy_package.py does the rest.
        defer_model_build=True,
        lazy_imports=True,
        files_to_include=[path.as_posix() for path in runtime_files(context.features)],
        scalars={
            name: ScalarData(type_=m.type, parse=m.parse, serialize=m.serialize)
            for name, m in context.scalars.items()
        },
    )


def _formatted(
    written: dict[str, str], derived: dict[str, str], generator: UnformattedPackageGenerator
) -> dict[str, str]:
    """Every module formatted, after our plugins' literals went in (emit/package.py): one pair
    of ruff runs for the whole package. Unused imports go, as ariadne-codegen's own pass drops
    them (the `__init__`'s are all in `__all__`, so none goes there)."""
    files = written | derived
    modules = sorted(name for name in files if name.endswith(".py"))
    codes = format_many([files[name] for name in modules], remove_unused_imports=True)
    return files | {
        name: generator.finished(name, code, name in derived)
        for name, code in zip(modules, codes, strict=True)
    }


def _read_tree(package: Path) -> dict[str, str]:
    return {
        path.relative_to(package).as_posix(): path.read_text(encoding="utf-8")
        for path in sorted(package.rglob("*"))
        if path.is_file()
    }
