"""Writes for improvement records, one module per feature."""
