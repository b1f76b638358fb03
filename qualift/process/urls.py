"""Key process control pages: /process/…

Enterprise-scoped pages live at /process/e/<enterprise_pk>/…, object pages at
/process/<entity>/<pk>/…; each feature keeps its routes in its own urls_<feature>.py.
"""

from django.urls import path

from qualift.process.urls_charts import urlpatterns as charts
from qualift.process.urls_map import urlpatterns as process_map
from qualift.process.urls_readings import urlpatterns as readings
from qualift.process.views.home import process_home

app_name = "process"

urlpatterns = [path("", process_home, name="home"), *process_map, *readings, *charts]
