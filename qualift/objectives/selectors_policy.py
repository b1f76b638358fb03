"""Scoped reads for the quality policy: versions, the one in force, the open draft, the
communication records, a line diff between versions, and a starter text."""

from __future__ import annotations

import difflib

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from qualift.objectives.choices import PolicyStatus
from qualift.objectives.models import Employee, PolicyCommunication, QualityPolicy
from qualift.tenancy.permissions import can


def versions_for(user, enterprise) -> QuerySet[QualityPolicy]:
    """Every version of the enterprise's policy the user may see, newest first."""
    return (
        QualityPolicy.objects.visible_to(user)
        .filter(enterprise=enterprise)
        .select_related("approved_by")
        .order_by("-version")
    )


def communications_for(user, enterprise) -> QuerySet[PolicyCommunication]:
    """How the policy was communicated, latest first, with the version and the employees."""
    return (
        PolicyCommunication.objects.visible_to(user)
        .filter(enterprise=enterprise)
        .select_related("policy")
        .prefetch_related(Prefetch("employees", queryset=Employee.objects.order_by("name")))
        .order_by("-communicated_on", "-id")
    )


def in_force(versions) -> QualityPolicy | None:
    return next((v for v in versions if v.status == PolicyStatus.APPROVED), None)


def open_draft(versions) -> QualityPolicy | None:
    return next((v for v in versions if v.status == PolicyStatus.DRAFT), None)


def get_policy_for_user(user, pk: int, action: str | None = None) -> QualityPolicy:
    """A policy version the user may see (else 404); with `action`, one whose enterprise grants
    the user that action (else 403)."""
    policy = get_object_or_404(
        QualityPolicy.objects.visible_to(user).select_related(
            "enterprise__organization", "approved_by"
        ),
        pk=pk,
    )
    if action and not can(user, action, [policy.enterprise.organization_id]):
        raise PermissionDenied
    return policy


def previous_version(policy: QualityPolicy) -> QualityPolicy | None:
    return (
        QualityPolicy.objects.filter(enterprise_id=policy.enterprise_id, version__lt=policy.version)
        .order_by("-version")
        .first()
    )


def text_diff(old: str, new: str) -> list[tuple[str, str]]:
    """A line diff: ("+", line) added, ("-", line) removed, (" ", line) kept."""
    rows = []
    for line in difflib.ndiff((old or "").splitlines(), (new or "").splitlines()):
        op, text = line[:1], line[2:]
        if op in "+- ":
            rows.append((op, text))
    return rows


STARTER_TEXTS = {
    "en": (
        "Quality policy\n"
        "\n"
        "We make parts our customers can rely on, delivered on time.\n"
        "\n"
        "- We find out what each customer needs and agree it before we start.\n"
        "- We meet the requirements of our customers, of the law and of our standards.\n"
        "- Everyone checks their own work; we do not pass on a bad part.\n"
        "- When something goes wrong we find the cause and fix it so it does not come back.\n"
        "- We train our people and listen to their ideas for doing better.\n"
        "- We set measurable quality objectives every year and review them with management.\n"
        "- We keep improving our quality management system.\n"
        "\n"
        "General manager"
    ),
    "zh-hans": (
        "质量方针\n"
        "\n"
        "为顾客提供可靠的产品，按时交付。\n"
        "\n"
        "- 开工前弄清并确认每位顾客的要求。\n"
        "- 满足顾客要求、法律法规要求和相关标准要求。\n"
        "- 人人自检，不合格品不流入下道工序。\n"
        "- 出现问题时查明原因、彻底纠正，防止再次发生。\n"
        "- 培训员工，倾听员工的改进建议。\n"
        "- 每年制定可测量的质量目标，并由管理层评审。\n"
        "- 持续改进质量管理体系。\n"
        "\n"
        "总经理"
    ),
}


def starter_text(language: str | None) -> str:
    """A starting point for a small manufacturer, in the user's language (English otherwise)."""
    language = (language or "en").lower()
    if language.startswith("zh"):
        return STARTER_TEXTS["zh-hans"]
    return STARTER_TEXTS["en"]
