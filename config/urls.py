"""Top-level URL map: UI apps, the REST API, schema and docs."""

from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

urlpatterns = [
    path("", include("qualift.core.urls")),
    path("enterprises/", include("qualift.enterprises.urls")),
    path("programs/", include("qualift.programs.urls")),
    path("quality/", include("qualift.improvement.urls")),
    path("documents/", include("qualift.documents.urls")),
    path("process/", include("qualift.process.urls")),
    path("goals/", include("qualift.objectives.urls")),
    path("assistance/", include("qualift.assistance.urls")),
    path("certification/", include("qualift.certification.urls")),
    path("verify/", include("qualift.certification.urls_public")),
    path("", include("qualift.objectives.urls_public")),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("qualift.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
