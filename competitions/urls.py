from django.urls import path

from competitions import views

app_name = "competitions"

urlpatterns = [
    path("panitia/", views.CompetitionOverview.as_view(), name="overview"),
    path("panitia/<int:year>/", views.CompetitionDashboard.as_view(), name="dashboard"),
]
