"""Goals and responsibilities pages: /goals/…

Enterprise-scoped pages live at /goals/e/<enterprise_pk>/…, object pages at
/goals/<entity>/<pk>/…; each feature keeps its routes in its own urls_<feature>.py.
The public (no sign-in) suggestion and survey forms are in urls_public.py.
"""

from django.urls import path

from qualift.objectives.urls_coverage import urlpatterns as coverage
from qualift.objectives.urls_objectives import urlpatterns as objectives
from qualift.objectives.urls_org import urlpatterns as org
from qualift.objectives.urls_policy import urlpatterns as policy
from qualift.objectives.urls_pulse import urlpatterns as pulse
from qualift.objectives.urls_review import urlpatterns as review
from qualift.objectives.urls_suggestions import urlpatterns as suggestions
from qualift.objectives.views.home import goals_home

app_name = "objectives"

urlpatterns = [
    path("", goals_home, name="home"),
    *org,
    *policy,
    *objectives,
    *coverage,
    *review,
    *suggestions,
    *pulse,
]
