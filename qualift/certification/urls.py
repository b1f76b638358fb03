"""Certification pages: /certification/…

The front door is /certification/ (CB admin → dashboard, auditor → audit list, client →
portal). Records have /certification/<kind>/<pk>/…; each feature keeps its routes in its own
urls_<feature>.py. The public certificate lookup (no sign-in) is in urls_public.py at /verify/.
"""

from qualift.certification.urls_auditors import urlpatterns as auditors
from qualift.certification.urls_audits import urlpatterns as audits
from qualift.certification.urls_certificates import urlpatterns as certificates
from qualift.certification.urls_cycles import urlpatterns as cycles
from qualift.certification.urls_findings import urlpatterns as findings
from qualift.certification.urls_home import urlpatterns as home
from qualift.certification.urls_time import urlpatterns as time

app_name = "certification"

urlpatterns = [*home, *cycles, *audits, *time, *findings, *certificates, *auditors]
