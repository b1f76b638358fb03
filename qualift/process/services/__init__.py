"""Writes for key process control; each service checks permission and leaves an audit event."""
