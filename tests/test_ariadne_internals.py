"""Fail loudly when an ariadne-codegen upgrade changes the internals our emit stage calls.

generator/emit/engine.py drives its package generator directly, and our plugins override a
few hooks and patch one copied file. Each of those is pinned down here.
"""

from __future__ import annotations

import dataclasses
import inspect
from importlib import metadata
from pathlib import Path

from ariadne_codegen.client_generators import package
from ariadne_codegen.plugins.base import Plugin
from ariadne_codegen.plugins.manager import PluginManager
from ariadne_codegen.settings import ClientSettings

from generator.emit.engine import PLUGINS


def test_pinned_versions() -> None:
    assert metadata.version("ariadne-codegen") == "0.19.0"
    assert metadata.version("ruff") == "0.15.22"


def test_package_generator_entry_points_keep_their_shape() -> None:
    parameters = inspect.signature(package.get_package_generator).parameters
    assert list(parameters) == ["schema", "fragments", "settings", "plugin_manager"]
    assert list(inspect.signature(package.PackageGenerator.add_operation).parameters) == [
        "self",
        "definition",
    ]
    assert list(inspect.signature(package.PackageGenerator.generate).parameters) == ["self"]
    assert list(inspect.signature(PluginManager).parameters) == [
        "schema",
        "config_dict",
        "plugins_types",
    ]


def test_the_formatter_we_call_again_keeps_its_shape() -> None:
    """generator/emit/engine.py formats the finished package with one `format_many` call."""
    from ariadne_codegen.utils import format_many, process_name, str_to_pascal_case

    assert list(inspect.signature(format_many).parameters) == ["codes", "remove_unused_imports"]
    assert format_many(["import b\nimport a\nx=1\n", "y  =  2\n"], remove_unused_imports=False) == [
        "import a\nimport b\n\nx = 1\n",
        "y = 2\n",
    ]
    assert process_name("GetCart", convert_to_snake_case=True) == "get_cart"
    assert str_to_pascal_case("get_cart") == "GetCart"


def test_operation_text_comes_from_the_class_we_replace() -> None:
    """generator/emit/unprinted.py skips printing operations by replacing the class
    `_add_operation` builds, by its name in the package module, and that class's
    `get_operation_as_str`, whose answer becomes the client method's `gql(...)` argument."""
    from ariadne_codegen.client_generators import result_types

    from generator.emit.unprinted import _ORIGINAL, _ResultTypesGenerator

    assert package.ResultTypesGenerator in {_ORIGINAL, _ResultTypesGenerator}
    assert _ORIGINAL is result_types.ResultTypesGenerator
    adding = inspect.getsource(package.BasePackageGenerator._add_operation)
    assert "query_types_generator = ResultTypesGenerator(" in adding
    assert "operation_str = query_types_generator.get_operation_as_str()" in adding
    assert "return method_name, return_type_name, module_name, operation_str" in adding
    assert list(inspect.signature(_ORIGINAL.get_operation_as_str).parameters) == ["self"]


def test_operations_print_as_before_outside_our_emit_stage() -> None:
    """The replaced class prints as ariadne's own does for anyone else driving ariadne."""
    from graphql import OperationDefinitionNode, build_schema, parse

    from generator.emit.unprinted import _ORIGINAL, _ResultTypesGenerator, operations_unprinted

    schema = build_schema("type Query { a: Int }")
    node = parse("query Q { a }").definitions[0]
    assert isinstance(node, OperationDefinitionNode)
    ours = _ResultTypesGenerator(schema, node, enums_module_name="enums")
    assert (
        ours.get_operation_as_str()
        == _ORIGINAL(schema, node, enums_module_name="enums").get_operation_as_str()
    )
    assert "query Q" in ours.get_operation_as_str()
    with operations_unprinted():
        assert ours.get_operation_as_str() == ""
    assert "query Q" in ours.get_operation_as_str()


def test_client_settings_still_take_what_we_pass() -> None:
    fields = set(inspect.signature(ClientSettings).parameters)
    assert {
        "schema_path",
        "queries_path",
        "target_package_name",
        "target_package_path",
        "include_comments",
        "async_client",
        "show_deprecation_warnings",
        "defer_model_build",
        "lazy_imports",
    } <= fields


def test_the_lazy_init_keeps_the_shape_our_plugins_edit() -> None:
    """plugins/exports.py adds and drops exports in the lazy `__init__` (its imports under
    `if TYPE_CHECKING:`, `_LAZY_IMPORTS`, `__all__`); plugins/lazy_package.py types its
    `__getattr__` and `__dir__`."""
    import ast

    from ariadne_codegen.client_generators.init_file import InitFileGenerator

    from generator.plugins.exports import export, reindex, unexport

    generator = InitFileGenerator(lazy_imports=True)
    generator.add_import(["Client"], "client", 1)
    module = generator.generate()
    functions = [n.name for n in module.body if isinstance(n, ast.FunctionDef)]
    assert functions == ["__getattr__", "__dir__"]
    export(module, "scalars", ["URL"])
    unexport(module, {"client"})
    reindex(module)
    namespace: dict[str, object] = {}
    exec(ast.unparse(module), namespace)  # noqa: S102 - ariadne-codegen's own output
    assert namespace["_LAZY_IMPORTS"] == {"URL": ".scalars"}
    assert namespace["__all__"] == ["URL"]


def test_every_hook_our_plugins_override_exists_with_the_same_signature() -> None:
    for plugin in PLUGINS:
        for name, member in vars(plugin).items():
            if name.startswith("_") or not callable(member):
                continue
            assert hasattr(Plugin, name), f"{plugin.__name__}.{name} is no hook any more"
            ours = list(inspect.signature(member).parameters)
            theirs = list(inspect.signature(getattr(Plugin, name)).parameters)
            assert ours == theirs, f"{plugin.__name__}.{name}: {ours} != {theirs}"


def test_result_modules_are_unparsed_after_the_input_types_hook() -> None:
    """plugins/naming.py renames result models in every operation's module from the input
    types module hook, which must still run after every `add_operation` and before ariadne
    unparses the result modules it holds (the same AST objects its hook returned)."""
    source = inspect.getsource(package.PackageGenerator.generate)
    assert source.index("self._generate_input_types()") < source.index(
        "self._generate_result_types()"
    )
    adding = inspect.getsource(package.BasePackageGenerator._add_operation)
    assert "self._result_types_files[file_name] = query_types_generator.generate()" in adding


def test_names_reach_our_plugin_with_the_nodes_it_indexes() -> None:
    """plugins/naming.py names fields and variables by node: ariadne asks for the method name
    (with the operation node) before any other name of that operation."""
    adding = inspect.getsource(package.BasePackageGenerator._add_operation)
    assert adding.index("node=definition") < adding.index("ResultTypesGenerator(")


def test_nested_model_names_come_from_the_call_we_wrap() -> None:
    """generator/emit/model_names.py renames colliding result models by wrapping
    `parse_operation_field` as result_types.py names it: ariadne must still make each nested
    model's name there, from the `class_name` keyword, report them as `related_classes`, write
    only the first class of a name, and build the models under a field from those names."""
    from ariadne_codegen.client_generators import result_fields, result_types

    from generator.emit.model_names import _ORIGINAL, _parse_operation_field

    assert result_types.parse_operation_field in {_ORIGINAL, _parse_operation_field}
    assert _ORIGINAL is result_fields.parse_operation_field
    parameters = list(inspect.signature(result_fields.parse_operation_field).parameters)
    assert "class_name" in parameters and "field" in parameters
    assert "related_classes" in {f.name for f in dataclasses.fields(result_fields.FieldContext)}
    assert [f.name for f in dataclasses.fields(result_fields.RelatedClassData)] == [
        "class_name",
        "type_name",
    ]
    definition = inspect.getsource(result_types.ResultTypesGenerator._parse_type_definition)
    assert "if class_name in self._public_names:\n            return []" in definition
    call = definition[definition.index("parse_operation_field(") :]
    call = call[: call.index(")\n")]
    assert "class_name=class_name + str_to_pascal_case(name)" in call
    nested = inspect.getsource(result_types.ResultTypesGenerator._parse_field_selection_set_types)
    assert "for related_class_data in field_context.related_classes:" in nested
    assert "class_name=related_class_data.class_name" in nested


def test_colliding_nested_models_get_numbered_names() -> None:
    """The wrap itself, on ariadne's own generator: without it the second `QUserAddressCity`
    is never written."""
    from ariadne_codegen.client_generators.result_types import ResultTypesGenerator
    from graphql import build_schema, parse

    from generator.emit.model_names import distinct_model_names

    schema = build_schema(
        "type Query { userAddress: Address  user: User }\ntype User { addressCity: City }\n"
        "type Address { city: City }\ntype City { name: String  zip: String }"
    )
    operation = parse("query Q { userAddress { city { name } } user { addressCity { zip } } }")

    def classes() -> list[str]:
        generator = ResultTypesGenerator(schema, operation.definitions[0], "enums")  # type: ignore[arg-type]
        return [c.name for c in generator.get_classes()]

    assert classes() == ["Q", "QUserAddress", "QUserAddressCity", "QUser"]
    with distinct_model_names(()):
        assert classes() == ["Q", "QUserAddress", "QUserAddressCity", "QUser", "QUserAddressCity2"]
    assert classes() == ["Q", "QUserAddress", "QUserAddressCity", "QUser"]


def test_our_package_generator_is_ariadnes_without_custom_operations(tmp_path: Path) -> None:
    """generator/emit/package.py builds ariadne's `PackageGenerator` without the generators of
    custom operations: everything else must be what `get_package_generator` builds."""
    from graphql import build_schema

    from generator.emit.context import EmitContext
    from generator.emit.engine import _settings
    from generator.emit.package import package_generator

    schema = build_schema("type Query { a(x: Int = 1): String }  input I { n: Int = 2 }")
    context = EmitContext("schema.graphql", "queries", {}, {})
    settings = _settings(tmp_path, "pkg", context)
    manager = PluginManager(schema=schema, config_dict={}, plugins_types=[])
    ours = package_generator(schema, settings, manager)
    theirs = package.get_package_generator(schema, [], settings, manager)
    assert isinstance(theirs, package.PackageGenerator)
    custom = {
        "custom_fields_generator",
        "custom_fields_typing_generator",
        "custom_query_generator",
        "custom_mutation_generator",
    }
    ours_only = {"_comment_sources", "derived"}  # emit/package.py's own bookkeeping
    assert set(vars(ours)) - ours_only == set(vars(theirs))
    for name, value in vars(theirs).items():
        mine = vars(ours)[name]
        if name in custom:
            assert mine is None
        elif hasattr(value, "__dict__") and not isinstance(value, type | Path):
            assert type(mine) is type(value), name
            assert _settings_of(mine) == _settings_of(value), name
        else:
            assert mine == value or _same_ast(mine, value), name


def test_pending_modules_are_written_as_we_write_them() -> None:
    """emit/package.py replaces `_write_pending_files` (it formats nothing): the queued
    modules must still carry what it reads, ariadne-codegen's own must still format then
    hook then write, and leave out a module its formatter empties."""
    fields = {f.name for f in dataclasses.fields(package._PendingFile)}
    assert {"path", "code", "remove_unused_imports", "comment_source", "plugin_hook"} <= fields
    theirs = inspect.getsource(package.BasePackageGenerator._write_pending_files)
    assert "format_many(" in theirs
    assert "code = self._add_comments_to_code(code, pending_file.comment_source)" in theirs
    assert "code = pending_file.plugin_hook(code)" in theirs
    assert "self._generated_files.remove(pending_file.path.name)" in theirs


def _settings_of(generator: object) -> dict[str, object]:
    """A generator's plain settings (names, flags, strings), not its schema or ASTs."""
    return {
        k: v
        for k, v in vars(generator).items()
        if isinstance(v, str | bool | int | type(None)) and not k.startswith("_")
    }


def _same_ast(first: object, second: object) -> bool:
    import ast

    if isinstance(first, ast.AST) and isinstance(second, ast.AST):
        return ast.dump(first) == ast.dump(second)
    return False
