"""Audits of a cycle's programme: due window, team, time, plan and schedule, checklist."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from qualift.certification.choices import AuditKind, AuditStatus, Recommendation, TeamRole
from qualift.certification.models.base import CertRecord
from qualift.certification.scoping import CbOnlyQuerySet, CertQuerySet
from qualift.standards.choices import ChecklistResult


class Audit(CertRecord):
    """One audit of the programme. Planned audits carry a due window (`due_from`–`due_by`)."""

    cycle = models.ForeignKey(
        "certification.CertificationCycle", on_delete=models.CASCADE, related_name="audits"
    )
    kind = models.CharField(_("audit"), max_length=20, choices=AuditKind.choices)
    sequence = models.PositiveSmallIntegerField(
        _("number"), default=1, help_text=_("surveillance 1, 2, 3 …")
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=AuditStatus.choices,
        default=AuditStatus.PLANNED,
        db_index=True,
    )
    due_from = models.DateField(_("due from"), null=True, blank=True)
    due_by = models.DateField(_("due by"), null=True, blank=True, db_index=True)
    start_on = models.DateField(_("first day"), null=True, blank=True, db_index=True)
    end_on = models.DateField(_("last day"), null=True, blank=True)
    sites = models.ManyToManyField("enterprises.Site", blank=True, verbose_name=_("sites"))
    objectives = models.TextField(_("audit objectives"), blank=True)
    criteria = models.TextField(_("audit criteria"), blank=True, default="ISO 9001:2015")
    template = models.ForeignKey(
        "standards.ChecklistTemplate",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        verbose_name=_("checklist"),
    )
    # Audit time (IAF MD 5): the calculator's inputs and result, and its justification,
    # which is shown to the client.
    time_inputs = models.JSONField(_("audit-time inputs"), default=dict, blank=True)
    time_result = models.JSONField(_("audit-time result"), default=dict, blank=True)
    planned_days = models.DecimalField(
        _("audit time (auditor-days)"), max_digits=6, decimal_places=1, null=True, blank=True
    )
    justification = models.TextField(_("audit-time justification"), blank=True)
    plan_sent_at = models.DateTimeField(_("plan sent"), null=True, blank=True)
    plan_sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    summary = models.TextField(_("audit conclusion"), blank=True)
    recommendation = models.CharField(
        _("recommendation"), max_length=20, choices=Recommendation.choices, blank=True
    )
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)

    objects = CertQuerySet.as_manager()

    class Meta:
        ordering = ["cycle", "due_by", "pk"]
        indexes = [models.Index(fields=["cb", "status", "due_by"])]
        verbose_name = _("audit")
        verbose_name_plural = _("audits")

    def __str__(self) -> str:
        if self.kind == AuditKind.SURVEILLANCE:
            return f"{self.cycle.number} · {self.get_kind_display()} {self.sequence}"
        return f"{self.cycle.number} · {self.get_kind_display()}"


class TeamMember(CertRecord):
    """A person on an audit team, with role and days on the audit."""

    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="team")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("person"),
    )
    role = models.CharField(_("role"), max_length=20, choices=TeamRole.choices)
    days = models.DecimalField(_("days"), max_digits=5, decimal_places=1, default=0)

    objects = CertQuerySet.as_manager()

    class Meta:
        ordering = ["audit", "role", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["audit", "user"], name="one_team_place_per_person")
        ]
        verbose_name = _("team member")
        verbose_name_plural = _("team members")

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()}"


class ScheduleItem(CertRecord):
    """A line of the audit plan: when, what (clauses or process), who."""

    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="schedule")
    day = models.DateField(_("day"))
    starts_at = models.TimeField(_("from"))
    ends_at = models.TimeField(_("to"))
    activity = models.CharField(_("activity or process"), max_length=200)
    clauses = models.CharField(_("clauses"), max_length=200, blank=True)
    site = models.ForeignKey(
        "enterprises.Site",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        verbose_name=_("site"),
    )
    auditor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("auditor"),
    )
    auditee = models.CharField(_("auditee"), max_length=200, blank=True)

    objects = CertQuerySet.as_manager()

    class Meta:
        ordering = ["audit", "day", "starts_at", "pk"]
        verbose_name = _("schedule item")
        verbose_name_plural = _("schedule items")

    def __str__(self) -> str:
        return f"{self.day} {self.starts_at:%H:%M} {self.activity}"


class ChecklistAnswer(CertRecord):
    """The auditor's answer to one checklist question during an audit (CB working paper)."""

    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(
        "standards.ChecklistQuestion", on_delete=models.PROTECT, related_name="+"
    )
    result = models.CharField(
        _("result"), max_length=20, choices=ChecklistResult.choices, blank=True
    )
    evidence = models.TextField(_("evidence notes"), blank=True)
    attachment = models.FileField(
        _("attachment"), upload_to="certification/evidence/%Y/%m/", blank=True
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    objects = CbOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["audit", "question__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["audit", "question"], name="cert_one_answer_per_question"
            )
        ]
        verbose_name = _("checklist answer")
        verbose_name_plural = _("checklist answers")

    def __str__(self) -> str:
        return f"{self.audit} · {self.question_id} · {self.result}"
