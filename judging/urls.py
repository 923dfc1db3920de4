from django.urls import path

from judging import views

app_name = "judging"

urlpatterns = [
    path("", views.juror_home, name="juror_home"),
]
