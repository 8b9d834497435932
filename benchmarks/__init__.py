"""Whole-process benchmarks of rye-codegen against its peers (`python -m benchmarks`)."""
