"""The case's own application package, beside its pyproject.toml as a user's would be."""
