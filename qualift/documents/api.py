"""API: controlled documents."""


def register(router) -> None:
    """Register the documents viewset on the /api/v1/ router."""
