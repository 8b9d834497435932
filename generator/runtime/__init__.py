"""The runtime of every generated client package.

Each other module here is copied verbatim into the generated package (e.g. `rye_client/`), next
to ariadne-codegen's `base_model.py`, under the generated-file header. This `__init__.py` is
not copied: it only makes the modules importable, and so testable, as `generator.runtime.<module>`.

So the modules import each other relatively, depend only on httpx, pydantic v2 (with its
pydantic_core) and typing_extensions.
"""
