"""Writes for the organisation and the quality policy; each leaves an audit event."""
