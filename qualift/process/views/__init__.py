"""Views of key process control, one module per feature."""
