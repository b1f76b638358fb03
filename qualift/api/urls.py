"""The REST API under /api/v1/."""

from django.urls import include, path
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.routers import DefaultRouter

from qualift.assistance import (
    api_common,
    api_diagnoses,
    api_issues,
    api_plans,
    api_visits,
)
from qualift.certification import (
    api_audit_time,
    api_auditors,
    api_audits,
    api_certificates,
    api_cycles,
    api_findings,
)
from qualift.core.api import AuditEventViewSet
from qualift.documents import api as documents_api
from qualift.enterprises.api import EngagementViewSet, EnterpriseViewSet
from qualift.improvement import (
    api_actions,
    api_complaints,
    api_internal_audits,
    api_nonconformities,
)
from qualift.objectives import (
    api_coverage,
    api_objectives,
    api_org,
    api_policy,
    api_reviews,
    api_suggestions,
)
from qualift.process import api_alarms, api_map, api_measurements
from qualift.programs.api import LedgerEntryViewSet, PolicyViewSet, ProgramViewSet
from qualift.tenancy.api import OrganizationViewSet

app_name = "api"

router = DefaultRouter()
router.register("organizations", OrganizationViewSet, basename="organization")
router.register("enterprises", EnterpriseViewSet, basename="enterprise")
router.register("engagements", EngagementViewSet, basename="engagement")
router.register("programs", ProgramViewSet, basename="program")
router.register("ledger-entries", LedgerEntryViewSet, basename="ledger-entry")
router.register("policies", PolicyViewSet, basename="policy")
router.register("audit-events", AuditEventViewSet, basename="audit-event")
# Enterprise quality records: each feature module registers its own resources.
for feature in (
    api_nonconformities,
    api_actions,
    api_complaints,
    api_internal_audits,
    documents_api,
    api_map,
    api_measurements,
    api_alarms,
    api_org,
    api_policy,
    api_objectives,
    api_coverage,
    api_reviews,
    api_suggestions,
    api_diagnoses,
    api_issues,
    api_plans,
    api_visits,
    api_common,
    api_cycles,
    api_audits,
    api_findings,
    api_certificates,
    api_auditors,
    api_audit_time,
):
    feature.register(router)

urlpatterns = [
    path("auth/token/", ObtainAuthToken.as_view(), name="token"),
    path("", include(router.urls)),
]
