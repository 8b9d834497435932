"""jinja2 for the texts we render that are neither Python nor GraphQL."""

from __future__ import annotations

import json
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import jinja2


def _markdown_cell(value: object) -> str:
    """Text that cannot break a Markdown table row."""
    return str(value).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _toml_string(value: object) -> str:
    """A TOML basic string: JSON's escapes are TOML's, and ASCII output keeps it so."""
    return json.dumps(str(value), ensure_ascii=True)


@cache
def _environment() -> jinja2.Environment:
    import jinja2  # on first render: commands that render nothing do not pay for it

    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("generator", "templates"),
        undefined=jinja2.StrictUndefined,
        autoescape=jinja2.select_autoescape(["html", "html.j2"]),
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["md_cell"] = _markdown_cell
    environment.filters["toml_string"] = _toml_string
    return environment


def render_template(name: str, **context: Any) -> str:
    return _environment().get_template(name).render(**context)
