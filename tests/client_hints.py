"""The type hints of a generated client's methods, evaluated at run time.

The generated client imports the names its annotations use for type checkers only (the
package imports lazily: generator/plugins/lazy_package.py), so `typing.get_type_hints` of a
method needs them from the package's own modules.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import typing
from collections.abc import Callable
from types import ModuleType
from typing import Any


def client_hints(package: ModuleType, method: Callable[..., Any]) -> dict[str, Any]:
    return typing.get_type_hints(method, _names(package) | vars(inspect.getmodule(method)))


def _names(package: ModuleType) -> dict[str, Any]:
    names: dict[str, Any] = {}
    for info in pkgutil.iter_modules(package.__path__):
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        names |= {k: v for k, v in vars(module).items() if not k.startswith("_")}
    return names
