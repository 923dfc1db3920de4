from django.shortcuts import render

from competitions.models import Competition


def home(request):
    """Home: the current competition and past winners."""
    competitions = Competition.objects.filter(is_announced=True).prefetch_related("stages")[:5]
    return render(request, "judging/home.html", {"competitions": competitions})


def archive(request):
    return render(request, "judging/archive.html", {})
