"""Writes for assistance: one module per feature; each write is one transaction and one audit
event (qualift.core.audit.audit_enterprise_record)."""
