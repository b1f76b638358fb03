"""Demo document control: each demo enterprise keeps a small, believable set of controlled
documents — a manual, core procedures, work instructions and a form — approved over the past
year and a half, so some reviews are due, one revision is in draft and some versions are obsolete.
"""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from qualift.documents.models import ControlledDocument
from qualift.documents.services import (
    document_create,
    document_reviewed,
    version_approve,
    version_draft,
)

# (code, kind, Chinese title, English title, interval in months)
DOCUMENTS = (
    ("QM-01", "manual", "质量手册", "Quality manual", 24),
    ("QP-01", "procedure", "文件控制程序", "Document control procedure", 12),
    (
        "QP-02",
        "procedure",
        "不合格品和纠正措施控制程序",
        "Nonconforming output and corrective action",
        12,
    ),
    ("QP-03", "procedure", "内部审核程序", "Internal audit procedure", 12),
    ("QP-04", "procedure", "采购和供方控制程序", "Purchasing and supplier control", 12),
    ("WI-01", "work_instruction", "首件检验作业指导书", "First-article inspection instruction", 12),
    (
        "WI-02",
        "work_instruction",
        "监视和测量设备校准作业指导书",
        "Gauge calibration instruction",
        12,
    ),
    ("QR-01", "form", "不合格报告单", "Nonconformity report form", 24),
)
TEXT = (
    "目的 Purpose: {en}.\n适用范围 Scope: 本公司全部相关过程 / all related processes.\n"
    "职责 Responsibilities: 质量负责人归口管理 / the quality steward owns this document.\n"
)


def seed_documents(
    result, *, enterprises: dict, seed: int = 2026, today: dt.date | None = None
) -> None:
    """Give every demo enterprise without documents its register (idempotent)."""
    today = today or timezone.localdate()
    done = set(
        ControlledDocument.objects.filter(enterprise__in=enterprises.values()).values_list(
            "enterprise_id", flat=True
        )
    )
    for key, enterprise in sorted(enterprises.items()):
        if enterprise.pk in done:
            continue
        rng = random.Random(f"{seed}-{key}-documents")
        approver = enterprise.legal_representative or "总经理"
        author = enterprise.steward_name or "质量负责人"
        for code, kind, title_zh, title_en, months in DOCUMENTS:
            document = document_create(
                actor=None,
                enterprise=enterprise,
                data={
                    "code": code,
                    "title": f"{title_zh} / {title_en}",
                    "kind": kind,
                    "owner_name": author,
                    "review_interval_months": months,
                },
                first_version={
                    "version": "A/0",
                    "author": author,
                    "text": TEXT.format(en=title_en),
                },
            )
            first = document.versions.get()
            effective = today - dt.timedelta(days=rng.randint(300, 560))
            version_approve(
                actor=None,
                version=first,
                approved_by_name=approver,
                approval_meaning="批准发布 / approved for use",
                effective_on=effective,
                today=today,
            )
            result.created["documents"] += 1
            if code == "QP-02" and rng.random() < 0.6:
                # Revised after the year's nonconformities: version B effective, A obsolete.
                second = version_draft(
                    actor=None,
                    document=document,
                    data={
                        "version": "B/0",
                        "author": author,
                        "change_summary": "增加根本原因分析（五问法、鱼骨图）要求 / adds 5-why and "
                        "fishbone analysis",
                        "text": TEXT.format(en=title_en) + "根本原因 Root cause: 5 why + 6M.\n",
                    },
                )
                version_approve(
                    actor=None,
                    version=second,
                    approved_by_name=approver,
                    approval_meaning="批准发布 / approved for use",
                    effective_on=today - dt.timedelta(days=rng.randint(20, 120)),
                    today=today,
                )
            elif code == "WI-01":
                version_draft(
                    actor=None,
                    document=document,
                    data={
                        "version": "B/0",
                        "author": author,
                        "change_summary": "增加检验记录表格 / adds the inspection record table",
                        "text": TEXT.format(en=title_en),
                    },
                )
            elif code == "QM-01" and rng.random() < 0.5:
                document_reviewed(
                    actor=None,
                    document=document,
                    note="年度评审，无需修改 / annual review, no change",
                    today=today,
                )
