"""Where a coordinate is defined in the schema snapshot, for changes that touch no operation."""

from __future__ import annotations

from graphql import GraphQLSchema, Node

from generator.diagnostics import Location, start_of


def definition_location(schema: GraphQLSchema, coordinate: str) -> Location | None:
    node = _definition_node(schema, coordinate)
    if node is None or node.loc is None:
        return None
    return start_of(node.loc)


def _definition_node(schema: GraphQLSchema, coordinate: str) -> Node | None:
    if coordinate.startswith("@"):
        directive = schema.get_directive(coordinate[1:].split("(", 1)[0])
        return directive.ast_node if directive else None
    type_name, _, member = coordinate.partition(".")
    named = schema.get_type(type_name)
    if named is None:
        return None
    if not member:
        return named.ast_node
    member_name, _, argument = member.partition("(")
    for attribute in ("fields", "values"):
        members = getattr(named, attribute, None)
        if members and member_name in members:
            definition = members[member_name]
            if argument:
                arg = definition.args.get(argument.rstrip(":)"))
                return arg.ast_node if arg is not None else definition.ast_node  # type: ignore[no-any-return]
            return definition.ast_node  # type: ignore[no-any-return]
    return named.ast_node
