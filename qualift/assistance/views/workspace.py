"""Placeholder until the workspace lands (issue 6)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect


@login_required
def home(request):
    return redirect("core:home")
