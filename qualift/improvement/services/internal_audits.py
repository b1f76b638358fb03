"""Services: internal_audits."""
