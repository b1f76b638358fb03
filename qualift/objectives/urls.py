"""Goals and responsibilities pages: /goals/…

Enterprise-scoped pages live at /goals/e/<enterprise_pk>/…, object pages at
/goals/<entity>/<pk>/…; each feature keeps its routes in its own urls_<feature>.py.
"""

from django.urls import path

from qualift.objectives.urls_org import urlpatterns as org
from qualift.objectives.urls_policy import urlpatterns as policy
from qualift.objectives.views.home import goals_home

app_name = "objectives"

urlpatterns = [path("", goals_home, name="home"), *org, *policy]
