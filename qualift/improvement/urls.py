"""Quality records of an enterprise: /quality/…"""

from qualift.improvement.urls_actions import urlpatterns as actions
from qualift.improvement.urls_complaints import urlpatterns as complaints
from qualift.improvement.urls_internal_audits import urlpatterns as internal_audits
from qualift.improvement.urls_nonconformities import urlpatterns as nonconformities

app_name = "improvement"

urlpatterns = [*nonconformities, *actions, *complaints, *internal_audits]
