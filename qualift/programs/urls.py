from django.urls import path

from qualift.programs import views

app_name = "programs"

urlpatterns = [
    path("", views.program_list, name="program-list"),
    path("new/", views.program_create, name="program-create"),
    path("<int:pk>/", views.program_detail, name="program-detail"),
    path("<int:pk>/edit/", views.program_edit, name="program-edit"),
    path("<int:pk>/ledger/new/", views.ledger_entry_create, name="entry-create"),
    path("ledger/<int:pk>/", views.ledger_entry_detail, name="entry-detail"),
    path("ledger/<int:pk>/move/", views.ledger_move, name="entry-move"),
    path("policies/", views.policy_list, name="policy-list"),
    path("policies/new/", views.policy_edit, name="policy-create"),
    path("policies/<int:pk>/edit/", views.policy_edit, name="policy-edit"),
]
