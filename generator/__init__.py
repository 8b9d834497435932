"""rye-codegen: a typed Python client for the Rye GraphQL API, and a build that fails on drift."""

__version__ = "0.1.0"
