import pytest

from tests.fuzz import profiles

profiles.register()


@pytest.fixture(autouse=True)
def private_folders(settings, tmp_path):
    """Uploads and pre-publication backups of the fuzzed requests land in the test's own folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.KIPP_BACKUP_DIR = tmp_path / "backups"


@pytest.fixture
def login(db):
    """A logged-in test client per user, made once per test and reused by every example."""
    from django.test import Client

    clients = {}

    def client_for(user):
        if user.pk not in clients:
            clients[user.pk] = Client()
            clients[user.pk].force_login(user)
        return clients[user.pk]

    return client_for
