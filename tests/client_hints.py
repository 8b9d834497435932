"""The type hints of a generated client's methods, evaluated at run time, as the generated
package's README says to: the client imports the names its annotations use for type checkers
only (the package imports lazily: generator/plugins/lazy_package.py), so they come from the
package's exports."""

from __future__ import annotations

import typing
from collections.abc import Callable
from types import ModuleType
from typing import Any


def client_hints(package: ModuleType, method: Callable[..., Any]) -> dict[str, Any]:
    names = {name: getattr(package, name) for name in package.__all__}
    return typing.get_type_hints(method, {**method.__globals__, **names})
