"""Qualift settings: one file, driven by the environment (see .env.example)."""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("QUALIFT_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("DJANGO_DEBUG", True)
SECRET_KEY = os.environ.get(
    "DJANGO_SECRET_KEY", "dev-only-insecure-key-change-me-in-production-0123456789abcdef"
)
ALLOWED_HOSTS = [
    h for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h
]
CSRF_TRUSTED_ORIGINS = [
    o for o in os.environ.get("DJANGO_CSRF_TRUSTED_ORIGINS", "").split(",") if o
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "template_partials",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "qualift.core",
    "qualift.tenancy",
    "qualift.enterprises",
    "qualift.programs",
    "qualift.standards",
    "qualift.improvement",
    "qualift.documents",
    "qualift.process",
    "qualift.objectives",
    "qualift.assistance",
    "qualift.certification",
    "qualift.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "qualift.core.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
AUTH_USER_MODEL = "tenancy.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "login"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "qualift.core.context_processors.navigation",
            ],
            "builtins": ["template_partials.templatetags.partials"],
        },
    }
]

DATABASE_URL = os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'qualift.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

# The readings index carries the value as an INCLUDE column on PostgreSQL (an ordered scan with
# no sort for the chart query); SQLite builds the same index without it, which is fine.
SILENCED_SYSTEM_CHECKS = ["models.W040"]

LANGUAGE_CODE = os.environ.get("QUALIFT_LANGUAGE", "en")
LANGUAGES = [("en", _("English")), ("zh-hans", _("Simplified Chinese"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("QUALIFT_TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "staticfiles"
MEDIA_ROOT = VAR_DIR / "media"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # var/ also holds the SQLite database
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "qualift.api.pagination.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "qualift.api.errors.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Qualift API",
    "DESCRIPTION": "Certification-assisted quality improvement of small and micro enterprises.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "/static/vendor/swagger-ui",
    "SWAGGER_UI_FAVICON_HREF": "/static/vendor/swagger-ui/favicon-32x32.png",
    "COMPONENT_SPLIT_REQUEST": True,
    # Tags per resource (enterprises, programs…) instead of one "v1" tag.
    "SCHEMA_PATH_PREFIX": r"/api/v[0-9]+",
    # One schema name per choice set (kind/status/size fields share them across resources).
    "ENUM_NAME_OVERRIDES": {
        "OrgKindEnum": "qualift.tenancy.choices.OrgKind",
        "EngagementKindEnum": "qualift.enterprises.choices.EngagementKind",
        "PolicyKindEnum": "qualift.programs.choices.PolicyKind",
        "SizeClassEnum": "qualift.enterprises.choices.SizeClass",
        "LedgerStatusEnum": "qualift.programs.choices.LedgerStatus",
        "NcStatusEnum": "qualift.improvement.choices.NcStatus",
        "NcSourceEnum": "qualift.improvement.choices.NcSource",
        "NcSeverityEnum": "qualift.improvement.choices.NcSeverity",
        "CauseCategoryEnum": "qualift.improvement.choices.CauseCategory",
        "ActionKindEnum": "qualift.improvement.choices.ActionKind",
        "ActionStatusEnum": "qualift.improvement.choices.ActionStatus",
        "DocumentKindEnum": "qualift.documents.choices.DocumentKind",
        "InternalAuditStatusEnum": "qualift.improvement.choices.InternalAuditStatus",
        "ChecklistResultEnum": "qualift.standards.choices.ChecklistResult",
        "FocusAreaEnum": "qualift.standards.choices.FocusArea",
        "TemplatePurposeEnum": "qualift.standards.choices.TemplatePurpose",
        "DocumentVersionStatusEnum": "qualift.documents.choices.VersionStatus",
        "ParameterKindEnum": "qualift.process.choices.ParameterKind",
        "ChartTypeEnum": "qualift.process.choices.ChartType",
        "AlarmModeEnum": "qualift.process.choices.AlarmMode",
        "AlarmStatusEnum": "qualift.process.choices.AlarmStatus",
        "HealthEnum": "qualift.process.choices.Health",
        "SuggestionStatusEnum": "qualift.objectives.choices.SuggestionStatus",
        "DiagnosisStatusEnum": "qualift.assistance.choices.DiagnosisStatus",
        "AssistanceModeEnum": "qualift.assistance.choices.Mode",
        "AssistanceAreaEnum": "qualift.assistance.choices.Area",
        "PlanStatusEnum": "qualift.assistance.choices.PlanStatus",
        "MeasureStatusEnum": "qualift.assistance.choices.MeasureStatus",
        "MilestoneStatusEnum": "qualift.assistance.choices.MilestoneStatus",
        "MeasureKindEnum": "qualift.assistance.choices.MeasureKind",
        "IndicatorDirectionEnum": "qualift.assistance.choices.IndicatorDirection",
        "SignSideEnum": "qualift.assistance.choices.SignSide",
        "CycleStatusEnum": "qualift.certification.choices.CycleStatus",
        "AuditKindEnum": "qualift.certification.choices.AuditKind",
        "AuditStatusEnum": "qualift.certification.choices.AuditStatus",
        "TeamRoleEnum": "qualift.certification.choices.TeamRole",
        "FindingGradeEnum": "qualift.certification.choices.FindingGrade",
        "FindingStatusEnum": "qualift.certification.choices.FindingStatus",
        "ResponseOutcomeEnum": "qualift.certification.choices.ResponseOutcome",
        "AuditorGradeEnum": "qualift.tenancy.choices.AuditorGrade",
        "Stage1ShareEnum": "qualift.certification.choices.Stage1Share",
        "CertificateStatusEnum": "qualift.certification.choices.CertificateStatus",
        "StatusReasonEnum": "qualift.certification.choices.StatusReason",
        "DecisionOutcomeEnum": "qualift.certification.choices.DecisionOutcome",
        "ObjectiveLevelEnum": "qualift.objectives.choices.ObjectiveLevel",
        "DirectionEnum": "qualift.objectives.choices.Direction",
        "FrequencyEnum": "qualift.objectives.choices.Frequency",
        "DataSourceEnum": "qualift.objectives.choices.DataSource",
        "RollupEnum": "qualift.objectives.choices.Rollup",
        "AttainmentEnum": "qualift.objectives.choices.Attainment",
        "ReviewStatusEnum": "qualift.objectives.choices.ReviewStatus",
        "ReviewOutputKindEnum": "qualift.objectives.choices.ReviewOutputKind",
        "CommitmentStatusEnum": "qualift.objectives.choices.CommitmentStatus",
    },
}

# Exchange rate used to express CNY revenue and assets in EUR for the EU 2003/361 size scheme
# (DOMAIN §7); a configurable assumption, not a market feed.
QUALIFT_CNY_PER_EUR = float(os.environ.get("QUALIFT_CNY_PER_EUR", "7.8"))

# Days after a corrective action is completed before its effectiveness is checked (ISO 9001
# 10.2.1 d); and the window in which a new nonconformity with the same process and cause
# category counts as a recurrence. Both configurable.
QUALIFT_EFFECTIVENESS_DAYS = int(os.environ.get("QUALIFT_EFFECTIVENESS_DAYS", "30"))
QUALIFT_RECURRENCE_DAYS = int(os.environ.get("QUALIFT_RECURRENCE_DAYS", "90"))
# Days before a document's periodic review is due that reminders start.
QUALIFT_REVIEW_REMINDER_DAYS = int(os.environ.get("QUALIFT_REVIEW_REMINDER_DAYS", "14"))
QUALIFT_REMINDER_EVERY_DAYS = int(os.environ.get("QUALIFT_REMINDER_EVERY_DAYS", "7"))
QUALIFT_EMAIL_FROM = os.environ.get("QUALIFT_EMAIL_FROM", "qualift@localhost")

if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", True)
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_CONTENT_TYPE_NOSNIFF = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("QUALIFT_LOG_LEVEL", "WARNING")},
}
