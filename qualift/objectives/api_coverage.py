"""REST resources: filled in by the feature."""


def register(router) -> None:
    """Register this feature's viewsets on the API router."""
