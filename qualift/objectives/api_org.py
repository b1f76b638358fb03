"""REST API: the organisation (/api/v1/departments/, /api/v1/positions/, /api/v1/employees/).
List, retrieve, create and update; writes go through services.org."""

from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from rest_framework import mixins, serializers, status, viewsets

from qualift.api.mixins import IdFilter, ScopedPrimaryKeyRelatedField, ServiceViewSetMixin
from qualift.api.permissions import CanCreate
from qualift.enterprises.models import Enterprise
from qualift.enterprises.scoping import qms_enterprise_ids, qms_enterprises_for
from qualift.objectives import selectors_org as selectors
from qualift.objectives.models import Department, Employee, Position
from qualift.objectives.services import org as services
from qualift.tenancy.models import User

CHANGE = services.CHANGE


def _visible(model):
    return lambda user: model.objects.visible_to(user)


def _member_users(user):
    orgs = Enterprise.objects.filter(pk__in=qms_enterprise_ids(user)).values("organization_id")
    return User.objects.filter(memberships__organization_id__in=orgs).distinct()


def _enterprise_field():
    return ScopedPrimaryKeyRelatedField(
        scope=qms_enterprises_for,
        queryset=Enterprise.objects.all(),
        help_text=_("Id of the enterprise."),
    )


def _link(model, help_text):
    return ScopedPrimaryKeyRelatedField(
        scope=_visible(model),
        queryset=model.objects.all(),
        required=False,
        allow_null=True,
        help_text=help_text,
    )


class _OrgSerializer(serializers.ModelSerializer):
    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None:  # a record stays with its enterprise
            fields["enterprise"].read_only = True
        return fields


class OrgDepartmentSerializer(_OrgSerializer):
    enterprise = _enterprise_field()
    parent = _link(Department, _("Id of the department this one is part of."))

    class Meta:
        model = Department
        fields = ["id", "enterprise", "name", "parent", "sequence", "is_active", "updated_at"]
        read_only_fields = ["updated_at"]
        validators = []  # the service reports a duplicate name on the `name` field


class OrgPositionSerializer(_OrgSerializer):
    enterprise = _enterprise_field()
    department = _link(Department, _("Id of the position's department."))
    reports_to = _link(Position, _("Id of the position this one reports to."))
    department_name = serializers.CharField(source="department.name", read_only=True, default=None)

    class Meta:
        model = Position
        fields = [
            "id",
            "enterprise",
            "title",
            "department",
            "department_name",
            "responsibilities",
            "authorities",
            "reports_to",
            "is_top_management",
            "sequence",
            "is_active",
            "updated_at",
        ]
        read_only_fields = ["updated_at"]
        validators = []


class OrgEmployeeSerializer(_OrgSerializer):
    enterprise = _enterprise_field()
    position = _link(Position, _("Id of the employee's position."))
    department = _link(Department, _("Id of the department; defaults to the position's."))
    manager = _link(Employee, _("Id of the employee this one reports to."))
    user = ScopedPrimaryKeyRelatedField(
        scope=_member_users,
        queryset=User.objects.all(),
        required=False,
        allow_null=True,
        help_text=_("Id of the employee's user account (a member of the enterprise)."),
    )
    position_title = serializers.CharField(source="position.title", read_only=True, default=None)

    class Meta:
        model = Employee
        fields = [
            "id",
            "enterprise",
            "name",
            "position",
            "position_title",
            "department",
            "manager",
            "start_date",
            "phone",
            "email",
            "user",
            "is_active",
            "updated_at",
        ]
        read_only_fields = ["updated_at"]


def _search(*fields):
    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        query = Q()
        for field in fields:
            query |= Q(**{f"{field}__icontains": value})
        return queryset.filter(query)

    return search


class OrgDepartmentFilter(django_filters.FilterSet):
    enterprise = IdFilter(field_name="enterprise_id")
    parent = IdFilter(field_name="parent_id")
    is_active = django_filters.BooleanFilter()
    q = django_filters.CharFilter(method="search_text", help_text="name contains")
    search_text = _search("name")

    class Meta:
        model = Department
        fields = ["enterprise", "parent", "is_active", "q"]


class OrgPositionFilter(django_filters.FilterSet):
    enterprise = IdFilter(field_name="enterprise_id")
    department = IdFilter(field_name="department_id")
    is_top_management = django_filters.BooleanFilter()
    is_active = django_filters.BooleanFilter()
    q = django_filters.CharFilter(
        method="search_text", help_text="title, responsibilities or authorities contain"
    )
    search_text = _search("title", "responsibilities", "authorities")

    class Meta:
        model = Position
        fields = ["enterprise", "department", "is_top_management", "is_active", "q"]


class OrgEmployeeFilter(django_filters.FilterSet):
    enterprise = IdFilter(field_name="enterprise_id")
    department = IdFilter(field_name="department_id")
    position = IdFilter(field_name="position_id")
    manager = IdFilter(field_name="manager_id")
    is_active = django_filters.BooleanFilter()
    q = django_filters.CharFilter(method="search_text", help_text="name, phone or e-mail contains")
    search_text = _search("name", "phone", "email")

    class Meta:
        model = Employee
        fields = ["enterprise", "department", "position", "manager", "is_active", "q"]


class _OrgViewSet(
    ServiceViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    permission_classes = [CanCreate]
    create_action = CHANGE
    model = None
    related: tuple[str, ...] = ()
    lookup = None  # selectors.get_<entity>_for_user
    save = None  # services.<entity>_save
    entity = ""

    def get_queryset(self):
        return self.model.objects.visible_to(self.request.user).select_related(
            "enterprise", *self.related
        )

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        enterprise = data.pop("enterprise")
        obj = type(self).save(actor=request.user, enterprise=enterprise, data=data)
        return self.respond(obj, status.HTTP_201_CREATED)

    def update(self, request, *args, partial: bool = False, **kwargs):
        obj = type(self).lookup(request.user, self.object_pk(), action=CHANGE)
        serializer = self.get_serializer(obj, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        type(self).save(
            actor=request.user,
            enterprise=obj.enterprise,
            data=dict(serializer.validated_data),
            **{self.entity: obj},
        )
        return self.respond(obj)

    def partial_update(self, request, *args, **kwargs):
        return self.update(request, *args, partial=True, **kwargs)


class DepartmentViewSet(_OrgViewSet):
    """Departments (a tree through `parent`) of the enterprises whose records you may read."""

    serializer_class = OrgDepartmentSerializer
    filterset_class = OrgDepartmentFilter
    model = Department
    related = ("parent",)
    lookup = selectors.get_department_for_user
    save = services.department_save
    entity = "department"
    ordering_fields = ["name", "sequence", "id"]
    ordering = ["enterprise_id", "sequence", "name"]


class PositionViewSet(_OrgViewSet):
    """Positions with their responsibilities, authorities and reporting line."""

    serializer_class = OrgPositionSerializer
    filterset_class = OrgPositionFilter
    model = Position
    related = ("department", "reports_to")
    lookup = selectors.get_position_for_user
    save = services.position_save
    entity = "position"
    ordering_fields = ["title", "sequence", "id"]
    ordering = ["enterprise_id", "sequence", "title"]


class EmployeeViewSet(_OrgViewSet):
    """Employees (not necessarily system users) with position, department and manager."""

    serializer_class = OrgEmployeeSerializer
    filterset_class = OrgEmployeeFilter
    model = Employee
    related = ("position", "department", "manager")
    lookup = selectors.get_employee_for_user
    save = services.employee_save
    entity = "employee"
    ordering_fields = ["name", "start_date", "id"]
    ordering = ["enterprise_id", "name", "id"]


def register(router) -> None:
    """Register this feature's viewsets on the /api/v1/ router."""
    router.register("departments", DepartmentViewSet, basename="department")
    router.register("positions", PositionViewSet, basename="position")
    router.register("employees", EmployeeViewSet, basename="employee")
