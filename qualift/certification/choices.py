"""Choices for certification: audit kinds, team roles, statuses, grades (DOMAIN §3)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class RuleSetCode(models.TextChoices):
    ISO17021 = "iso17021", _("ISO/IEC 17021-1")
    CNCA2026 = "cnca2026", _("CNCA-QMS-01:2025 (China, from 2026)")


class CycleStatus(models.TextChoices):
    APPLIED = "applied", _("Applied")  # contract signed, initial audit not yet decided
    CERTIFIED = "certified", _("Certified")  # a certificate was granted in this cycle
    REFUSED = "refused", _("Refused")
    CLOSED = "closed", _("Closed")  # cycle ended (recertified into a new cycle, withdrawn, expired)


class AuditKind(models.TextChoices):
    STAGE1 = "stage1", _("Initial audit, stage 1")
    STAGE2 = "stage2", _("Initial audit, stage 2")
    SURVEILLANCE = "surveillance", _("Surveillance audit")
    RECERTIFICATION = "recertification", _("Recertification audit")
    SPECIAL = "special", _("Special (short-notice) audit")
    SCOPE_CHANGE = "scope_change", _("Scope change audit")
    TRANSFER = "transfer", _("Transfer audit")


# Audits whose outcome a certification decision is taken on.
DECISION_KINDS = (AuditKind.STAGE2, AuditKind.RECERTIFICATION, AuditKind.TRANSFER)


class AuditStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")  # in the programme, due window known, not yet prepared
    PLAN_SENT = "plan_sent", _("Plan sent to the client")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


AUDIT_OPEN = (AuditStatus.PLANNED, AuditStatus.PLAN_SENT, AuditStatus.IN_PROGRESS)


class TeamRole(models.TextChoices):
    LEADER = "leader", _("Team leader")
    AUDITOR = "auditor", _("Auditor")
    TECHNICAL_EXPERT = "technical_expert", _("Technical expert")
    TRAINEE = "trainee", _("Trainee")


# Time of technical experts and trainees does not count as audit time (DOMAIN §3).
COUNTING_ROLES = (TeamRole.LEADER, TeamRole.AUDITOR)


class Recommendation(models.TextChoices):
    RECOMMEND = "recommend", _("Recommend certification")
    RECOMMEND_AFTER = "recommend_after", _("Recommend once the nonconformities are verified")
    NOT_RECOMMEND = "not_recommend", _("Do not recommend")


class FindingGrade(models.TextChoices):
    MAJOR = "major", pgettext_lazy("finding", "Major nonconformity")
    MINOR = "minor", pgettext_lazy("finding", "Minor nonconformity")
    OBSERVATION = "observation", _("Observation")
    OFI = "ofi", _("Opportunity for improvement")


NC_GRADES = (FindingGrade.MAJOR, FindingGrade.MINOR)


class FindingStatus(models.TextChoices):
    OPEN = "open", _("Awaiting the client's response")
    RESPONDED = "responded", _("Response submitted")
    RETURNED = "returned", _("Response returned")
    ACCEPTED = "accepted", _("Plan accepted")  # minor: closed on an accepted plan
    VERIFIED = "verified", _("Verified")
    NOTED = "noted", _("Noted")  # observation / OFI: no formal response


# A finding that still blocks a certification decision.
FINDING_BLOCKING = (FindingStatus.OPEN, FindingStatus.RESPONDED, FindingStatus.RETURNED)


class ResponseOutcome(models.TextChoices):
    PENDING = "pending", _("Awaiting review")
    ACCEPTED = "accepted", _("Accepted")
    RETURNED = "returned", _("Returned")


class DecisionOutcome(models.TextChoices):
    GRANT = "grant", _("Grant")
    REFUSE = "refuse", _("Refuse")


class CertificateStatus(models.TextChoices):
    VALID = "valid", _("Valid")
    SUSPENDED = "suspended", _("Suspended")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    CANCELLED = "cancelled", _("Cancelled")
    EXPIRED = "expired", _("Expired")


class StatusReason(models.TextChoices):
    """Grounds for a certificate's status change (DOMAIN §3)."""

    GRANTED = "granted", _("Certification granted")
    RENEWED = "renewed", _("Recertification granted")
    PERSISTENT_FAILURE = (
        "persistent_failure",
        _("Persistent or serious failure to meet requirements"),
    )
    REFUSED_SURVEILLANCE = "refused_surveillance", _("Surveillance refused or overdue")
    AUTHORITY_PENALTY = "authority_penalty", _("Penalty by an authority")
    CLIENT_REQUEST = "client_request", _("The client's own request")
    SUSPENSION_LAPSED = "suspension_lapsed", _("Suspension ended without the required audit")
    EXPIRY = "expiry", _("Validity ended")
    RESTORED = "restored", _("Outstanding work completed: restored")
    REINSTATED = "reinstated", _("Suspension lifted")
    OTHER = "other", _("Other")


class ProposalKind(models.TextChoices):
    SUSPEND = "suspend", _("Suspend the certificate")
    WITHDRAW = "withdraw", _("Withdraw the certificate")
    REPEAT_STAGE2 = "repeat_stage2", _("Repeat stage 2")


class ProposalStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ACCEPTED = "accepted", _("Accepted")
    DISMISSED = "dismissed", _("Dismissed")


class Stage1Share(models.TextChoices):
    ONE_THIRD = "1/3", _("One third (stage 2: two thirds)")
    ONE_QUARTER = "1/4", _("One quarter (stage 2: three quarters)")
    TWO_FIFTHS = "2/5", _("Two fifths (stage 2: three fifths)")
    ONE_HALF = "1/2", _("One half")
