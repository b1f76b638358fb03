"""Views of goals and responsibilities, one module per feature."""
