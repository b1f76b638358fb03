"""REST API of this feature (registered from qualift/api/urls.py)."""


def register(router) -> None:
    """Register this feature's viewsets on the /api/v1/ router."""
