"""Assistance pages: /assistance/…

The workspace is at /assistance/; one enterprise's assistance in a program hangs off its ledger
entry at /assistance/entry/<entry_pk>/…; records have /assistance/<kind>/<pk>/…; program-wide
pages (progress, common problems, exports) are at /assistance/program/<program_pk>/…. Each
feature keeps its routes in its own urls_<feature>.py.
"""

from qualift.assistance.urls_common import urlpatterns as common
from qualift.assistance.urls_diagnoses import urlpatterns as diagnoses
from qualift.assistance.urls_issues import urlpatterns as issues
from qualift.assistance.urls_plans import urlpatterns as plans
from qualift.assistance.urls_visits import urlpatterns as visits
from qualift.assistance.urls_workspace import urlpatterns as workspace

app_name = "assistance"

urlpatterns = [*workspace, *diagnoses, *issues, *plans, *visits, *common]
