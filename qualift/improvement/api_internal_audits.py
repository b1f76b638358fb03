"""API: internal_audits."""


def register(router) -> None:
    """Register this feature's viewsets on the /api/v1/ router."""
