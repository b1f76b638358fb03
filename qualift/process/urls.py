"""Key process control pages: /process/…

Enterprise-scoped pages live at /process/e/<enterprise_pk>/…, object pages at
/process/<entity>/<pk>/…; each feature keeps its routes in its own urls_<feature>.py.
"""

from qualift.process.urls_charts import urlpatterns as charts
from qualift.process.urls_map import urlpatterns as process_map
from qualift.process.urls_readings import urlpatterns as readings

app_name = "process"

urlpatterns = [*process_map, *readings, *charts]
