"""The certification app's models: policy, auditors, cycles, audits, findings, certificates."""

from qualift.certification.models.auditors import AuditorCode, AuditorProfile, TrainingRecord
from qualift.certification.models.audits import Audit, ChecklistAnswer, ScheduleItem, TeamMember
from qualift.certification.models.certificates import (
    Certificate,
    CertificateEvent,
    Decision,
    SuspensionProposal,
)
from qualift.certification.models.cycles import CertificationCycle
from qualift.certification.models.findings import Finding, FindingResponse
from qualift.certification.models.settings import CertificationPolicy

__all__ = [
    "Audit",
    "AuditorCode",
    "AuditorProfile",
    "Certificate",
    "CertificateEvent",
    "CertificationCycle",
    "CertificationPolicy",
    "ChecklistAnswer",
    "Decision",
    "Finding",
    "FindingResponse",
    "ScheduleItem",
    "SuspensionProposal",
    "TeamMember",
    "TrainingRecord",
]
