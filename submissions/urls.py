from django.urls import path

from submissions import views

app_name = "submissions"

urlpatterns = [
    path("", views.operator_home, name="operator_home"),
    path("<int:pk>/", views.submission_detail, name="detail"),
]
