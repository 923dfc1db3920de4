"""The committee's ranking, stage closing and publication pages."""

app_name = "results"

urlpatterns = []
