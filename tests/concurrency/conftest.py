import pytest


@pytest.fixture(autouse=True)
def private_folders(settings, tmp_path):
    """Uploads and pre-publication backups land in the test's own folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.KIPP_BACKUP_DIR = tmp_path / "backups"
