"""qualift createuser USERNAME [--password P] [--email E] [--org ORG --role ROLE] [--grade G]
[--superuser]: create a user, optionally with a membership in one organisation."""

from __future__ import annotations

import getpass
import sys

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from qualift.core.audit import audit_record
from qualift.tenancy.choices import AuditorGrade, Role
from qualift.tenancy.models import Membership, Organization, User


class Command(BaseCommand):
    help = (
        "Create a user. Without --password the password is asked for on a terminal (and the "
        "command fails when standard input is not one). --org (an ID or exact name) with --role "
        "gives the user a membership; the role must exist in that kind of organisation."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--password", help="the password (asked for when omitted)")
        parser.add_argument("--email", default="")
        parser.add_argument("--display-name", default="", help="name shown in the interface")
        parser.add_argument("--org", help="organisation ID or exact name (Chinese or English)")
        parser.add_argument("--role", choices=Role.values)
        parser.add_argument("--grade", choices=AuditorGrade.values, help="auditors only")
        parser.add_argument("--superuser", action="store_true", help="may see and do everything")

    def handle(self, *args, **options):
        username: str = options["username"].strip()
        org_arg, role, grade = options["org"], options["role"], options["grade"] or ""
        if bool(org_arg) != bool(role):
            raise CommandError(
                _("--org and --role go together: give both or neither."), returncode=2
            )
        if grade and not role:
            raise CommandError(_("--grade needs --org and --role auditor."), returncode=2)
        organization = _find_org(org_arg) if org_arg else None
        password = options["password"]
        if password is None:
            password = _prompt_password()
        user = User(
            username=username,
            email=options["email"],
            display_name=options["display_name"],
            is_superuser=options["superuser"],
            is_staff=options["superuser"],
        )
        try:
            validate_password(password, user)
            user.set_password(password)
            user.full_clean()
            membership = None
            if organization is not None:
                membership = Membership(
                    user=user, organization=organization, role=role, auditor_grade=grade
                )
                membership.full_clean(exclude=["user"])
        except ValidationError as exc:
            raise CommandError(_messages(exc), returncode=2) from exc
        with transaction.atomic():
            user.save()
            after = {"username": user.username, "email": user.email, "superuser": user.is_superuser}
            if membership is not None:
                membership.user = user
                membership.save()
                after.update(role=role, auditor_grade=grade)
            audit_record(
                actor=None,
                verb="user.create",
                target=user,
                organization=organization,
                after=after,
            )
        if membership is not None:
            self.stdout.write(
                _("Created user %(user)s: %(role)s in %(org)s (ID %(id)d).")
                % {"user": user.username, "role": role, "org": organization, "id": organization.pk}
            )
        else:
            self.stdout.write(_("Created user %(user)s.") % {"user": user.username})


def _find_org(value: str) -> Organization:
    value = value.strip()
    if value.isdigit():
        org = Organization.objects.filter(pk=int(value)).first()
        if org is None:
            raise CommandError(_("No organisation has ID %(id)s.") % {"id": value}, returncode=2)
        return org
    matches = list(
        Organization.objects.filter(name=value) | Organization.objects.filter(name_en__iexact=value)
    )
    if not matches:
        raise CommandError(
            _("No organisation is named %(name)r; give its exact name or its ID.")
            % {"name": value},
            returncode=2,
        )
    if len(matches) > 1:
        ids = ", ".join(str(o.pk) for o in matches)
        raise CommandError(
            _("Several organisations are named %(name)r (IDs %(ids)s); give the ID.")
            % {"name": value, "ids": ids},
            returncode=2,
        )
    return matches[0]


def _prompt_password() -> str:
    if not sys.stdin or not sys.stdin.isatty():
        raise CommandError(
            _("No --password given and standard input is not a terminal to ask for one."),
            returncode=2,
        )
    first = getpass.getpass(_("Password: "))
    second = getpass.getpass(_("Password (again): "))
    if first != second:
        raise CommandError(_("The two passwords differ."), returncode=2)
    return first


def _messages(exc: ValidationError) -> str:
    if hasattr(exc, "message_dict"):
        return " ".join(
            f"{field}: {' '.join(messages)}" if field != "__all__" else " ".join(messages)
            for field, messages in exc.message_dict.items()
        )
    return " ".join(exc.messages)
