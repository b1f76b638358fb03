"""Goals and responsibilities pages: /goals/…

Enterprise-scoped pages live at /goals/e/<enterprise_pk>/…, object pages at
/goals/<entity>/<pk>/…; each feature keeps its routes in its own urls_<feature>.py.
"""

from qualift.objectives.urls_org import urlpatterns as org
from qualift.objectives.urls_policy import urlpatterns as policy

app_name = "objectives"

urlpatterns = [*org, *policy]
