"""Public forms that need no sign-in: /s/<token>/ (an improvement suggestion) and
/pulse/<token>/ (a pulse-survey answer). They only submit; they read nothing back."""

from qualift.objectives.urls_public_pulse import urlpatterns as pulse
from qualift.objectives.urls_public_suggestions import urlpatterns as suggestions

app_name = "public"

urlpatterns = [*suggestions, *pulse]
