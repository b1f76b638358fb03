"""Organisation kinds and membership roles (ARCHITECTURE §1)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrgKind(models.TextChoices):
    PROGRAM_OFFICE = "program_office", _("Program office")
    CERTIFICATION_BODY = "certification_body", _("Certification body")
    ENTERPRISE = "enterprise", _("Enterprise")


class Role(models.TextChoices):
    PROGRAM_ADMIN = "program_admin", _("Program administrator")
    PROGRAM_VIEWER = "program_viewer", _("Program viewer")
    CB_ADMIN = "cb_admin", _("Certification body administrator")
    AUDITOR = "auditor", _("Auditor")
    ASSISTANCE_EXPERT = "assistance_expert", _("Assistance expert")
    ENTERPRISE_ADMIN = "enterprise_admin", _("Enterprise administrator")
    QUALITY_STEWARD = "quality_steward", _("Quality steward")
    STAFF = "staff", _("Staff")


class AuditorGrade(models.TextChoices):
    SENIOR_AUDITOR = "senior_auditor", _("Senior auditor")
    AUDITOR = "auditor", _("Auditor")
    TRAINEE = "trainee", _("Trainee")
    TECHNICAL_EXPERT = "technical_expert", _("Technical expert")


ROLES_BY_KIND: dict[str, tuple[str, ...]] = {
    OrgKind.PROGRAM_OFFICE: (Role.PROGRAM_ADMIN, Role.PROGRAM_VIEWER),
    OrgKind.CERTIFICATION_BODY: (Role.CB_ADMIN, Role.AUDITOR, Role.ASSISTANCE_EXPERT),
    OrgKind.ENTERPRISE: (Role.ENTERPRISE_ADMIN, Role.QUALITY_STEWARD, Role.STAFF),
}
ADMIN_ROLES = (Role.PROGRAM_ADMIN, Role.CB_ADMIN, Role.ENTERPRISE_ADMIN)
