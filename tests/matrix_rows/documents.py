"""Permission-matrix rows for document control (issue 3 item 8): /documents/… and
/api/v1/documents/.

Kinds: "controlled_document" (a document per enterprise with an approved, effective version and no
open draft) and "document_version" (a document per enterprise whose only version is a draft).
"""

from __future__ import annotations

import datetime as dt

from tests.test_permission_matrix import QMS_VISIBLE, QMS_WRITE, Row

DOC = "controlled_document"
DRAFT = "document_version"

ROWS = {
    "documents:document-list": Row("enterprise", visible=QMS_VISIBLE),
    "documents:document-create": Row("enterprise", visible=QMS_VISIBLE, writable=QMS_WRITE),
    "documents:document-detail": Row(DOC, visible=QMS_VISIBLE),
    "documents:document-edit": Row(DOC, visible=QMS_VISIBLE, writable=QMS_WRITE),
    "documents:version-create": Row(DOC, visible=QMS_VISIBLE, writable=QMS_WRITE),
    "documents:document-reviewed": Row(DOC, visible=QMS_VISIBLE, writable=QMS_WRITE),
    "documents:document-withdraw": Row(DOC, visible=QMS_VISIBLE, writable=QMS_WRITE),
    "documents:version-edit": Row(DRAFT, visible=QMS_VISIBLE, writable=QMS_WRITE),
    "documents:version-approve": Row(DRAFT, visible=QMS_VISIBLE, writable=QMS_WRITE),
    # A draft has no file here: the download is its text as Markdown.
    "documents:version-download": Row(DRAFT, visible=QMS_VISIBLE),
}

API_ROWS = {
    "api:document-list": Row(),  # everyone signed in: the list holds only what they may see
    "api:document-detail": Row(DOC, method="patch", visible=QMS_VISIBLE, writable=QMS_WRITE),
    # Empty bodies: approve, versions and withdraw need fields (400); "reviewed" needs none and
    # records a review of the effective version (200).
    "api:document-approve": Row(
        DOC, method="post", visible=QMS_VISIBLE, writable=QMS_WRITE, ok=(400,)
    ),
    "api:document-reviewed": Row(DOC, method="post", visible=QMS_VISIBLE, writable=QMS_WRITE),
    "api:document-versions": Row(
        DOC, method="post", visible=QMS_VISIBLE, writable=QMS_WRITE, ok=(400,)
    ),
    "api:document-withdraw": Row(
        DOC, method="post", visible=QMS_VISIBLE, writable=QMS_WRITE, ok=(400,)
    ),
}


def _document(enterprise, key: str, approve: bool):
    from qualift.documents.services import document_create, version_approve

    document = document_create(
        actor=None,
        enterprise=enterprise,
        data={"code": f"MX-{key}", "title": f"Matrix procedure {key}", "kind": "procedure"},
        first_version={"version": "1.0", "author": "Matrix", "text": "Step 1. Check."},
    )
    version = document.versions.get()
    if approve:
        version_approve(
            actor=None,
            version=version,
            approved_by_name="Matrix approver",
            approval_meaning="Approved for use",
            effective_on=dt.date(2025, 1, 1),
        )
    return document, version


def targets(world, kind: str) -> dict[str, dict] | None:
    if kind not in (DOC, DRAFT):
        return None
    enterprises = {"a1": world.a1, "a2": world.a2, "b1": world.b1}
    result = {}
    for key, enterprise in enterprises.items():
        document, version = _document(enterprise, key, approve=kind == DOC)
        result[key] = {"pk": document.pk if kind == DOC else version.pk}
    result["missing"] = {"pk": 999_999}
    return result
