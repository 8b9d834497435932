"""ariadne-codegen's package generator, built with only the parts a client of operations uses.

`get_package_generator` also builds the generators of its "custom operations" feature (a
query builder for every root field, and a field class for every type of the schema, made at
construction), which we never turn on and which cost a quarter of its time on a large schema
(1.7 s of 6.9 on GitHub's). This builds the same `PackageGenerator` without them, for the
settings generator/emit/engine.py passes (a client, no multipart uploads, no fragments
module of its own). tests/test_ariadne_internals.py fails when an upgrade changes what it
calls, or when it builds anything `get_package_generator` would build differently.

It writes each module unformatted: ariadne-codegen formats them before the plugins' code
hooks, which put literals in (plugins/literals.py), so emit/engine.py formats the finished
package again anyway; once is enough.
"""

from __future__ import annotations

from typing import Any

from ariadne_codegen.client_generators.arguments import ArgumentsGenerator
from ariadne_codegen.client_generators.client import ClientGenerator
from ariadne_codegen.client_generators.constants import (
    BASE_MODEL_IMPORT,
    BASE_MODEL_NO_UPLOAD_FILE_PATH,
    UNSET_IMPORT,
)
from ariadne_codegen.client_generators.enums import EnumsGenerator
from ariadne_codegen.client_generators.fragments import FragmentsGenerator
from ariadne_codegen.client_generators.init_file import InitFileGenerator
from ariadne_codegen.client_generators.input_types import InputTypesGenerator
from ariadne_codegen.client_generators.package import PackageGenerator
from ariadne_codegen.codegen import generate_import_from
from ariadne_codegen.plugins.manager import PluginManager
from ariadne_codegen.settings import ClientSettings
from graphql import GraphQLSchema


class UnformattedPackageGenerator(PackageGenerator):
    """Writes its modules unformatted and without their header comment: `finished` adds it
    to the formatted code, as ariadne-codegen adds it (before, the formatter would keep the
    blank lines an import it drops leaves under the comment)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._comment_sources: dict[str, str | None] = {}

    def _write_pending_files(self) -> None:
        """As ariadne-codegen's, without its two pairs of ruff runs. A module of imports only
        is left out, as ariadne-codegen leaves out one its formatter empties."""
        for pending in self._pending_files:
            if pending.remove_unused_imports and _imports_only(pending.code):
                self._generated_files.remove(pending.path.name)
                continue
            code = pending.plugin_hook(pending.code) if pending.plugin_hook else pending.code
            pending.path.write_text(code)
            self._comment_sources[pending.path.name] = pending.comment_source
        self._pending_files.clear()

    def finished(self, name: str, code: str, derived: bool) -> str:
        """A module's formatted code, with its header comment if it was written without, or
        was `derived` by a plugin from one that was (the sync client)."""
        if name not in self._comment_sources and not derived:
            return code
        return self._add_comments_to_code(code, self._comment_sources.get(name))


def _imports_only(code: str) -> bool:
    """Whether `ast.unparse` output is all imports (it writes each on one line)."""
    return all(line.startswith(("import ", "from ")) for line in code.splitlines() if line)


def package_generator(
    schema: GraphQLSchema, settings: ClientSettings, manager: PluginManager
) -> UnformattedPackageGenerator:
    if settings.multipart_uploads or settings.enable_custom_operations:
        raise ValueError("package_generator builds clients without uploads or custom operations")
    return UnformattedPackageGenerator(
        package_name=settings.target_package_name,
        target_path=settings.target_package_path,
        schema=schema,
        init_generator=InitFileGenerator(
            plugin_manager=manager, lazy_imports=settings.lazy_imports
        ),
        client_generator=_client_generator(schema, settings, manager),
        enums_generator=EnumsGenerator(schema=schema, plugin_manager=manager),
        input_types_generator=InputTypesGenerator(
            schema=schema,
            enums_module=settings.enums_module_name,
            base_model_import=BASE_MODEL_IMPORT,
            upload_import=None,
            convert_to_snake_case=settings.convert_to_snake_case,
            custom_scalars=settings.scalars,
            plugin_manager=manager,
            defer_model_build=settings.defer_model_build,
            use_alias_generator=settings.use_alias_generator,
        ),
        fragments_generator=FragmentsGenerator(
            schema=schema,
            fragments_definitions={},
            enums_module_name=settings.enums_module_name,
            base_model_import=BASE_MODEL_IMPORT,
            convert_to_snake_case=settings.convert_to_snake_case,
            custom_scalars=settings.scalars,
            plugin_manager=manager,
            default_optional_fields_to_none=settings.default_optional_fields_to_none,
            include_typename=settings.include_typename,
            defer_model_build=settings.defer_model_build,
            use_alias_generator=settings.use_alias_generator,
        ),
        fragments_definitions={},
        client_name=settings.client_name,
        async_client=settings.async_client,
        base_client_name=settings.base_client_name,
        base_client_file_path=settings.base_client_file_path,
        client_file_name=settings.client_file_name,
        enums_module_name=settings.enums_module_name,
        input_types_module_name=settings.input_types_module_name,
        fragments_module_name=settings.fragments_module_name,
        comments_strategy=settings.include_comments,
        queries_source=settings.queries_path,
        schema_source=settings.schema_source,
        convert_to_snake_case=settings.convert_to_snake_case,
        include_all_inputs=settings.include_all_inputs,
        include_all_enums=settings.include_all_enums,
        base_client_module_name=settings.base_client_module_name,
        base_model_file_path=BASE_MODEL_NO_UPLOAD_FILE_PATH.as_posix(),
        base_model_import=BASE_MODEL_IMPORT,
        unset_import=UNSET_IMPORT,
        multipart_uploads=False,
        files_to_include=settings.files_to_include,
        custom_scalars=settings.scalars,
        plugin_manager=manager,
        enable_custom_operations=False,
        default_optional_fields_to_none=settings.default_optional_fields_to_none,
        include_typename=settings.include_typename,
        ignore_extra_fields=settings.ignore_extra_fields,
        defer_model_build=settings.defer_model_build,
        use_alias_generator=settings.use_alias_generator,
    )


def _client_generator(
    schema: GraphQLSchema, settings: ClientSettings, manager: PluginManager
) -> ClientGenerator:
    return ClientGenerator(
        base_client_import=generate_import_from(
            names=[settings.base_client_name],
            from_=settings.base_client_module_name,
            level=1,
        ),
        arguments_generator=ArgumentsGenerator(
            schema=schema,
            convert_to_snake_case=settings.convert_to_snake_case,
            custom_scalars=settings.scalars,
            plugin_manager=manager,
        ),
        name=settings.client_name,
        base_client=settings.base_client_name,
        enums_module_name=settings.enums_module_name,
        input_types_module_name=settings.input_types_module_name,
        unset_import=UNSET_IMPORT,
        upload_import=None,
        custom_scalars=settings.scalars,
        plugin_manager=manager,
    )
