"""Private storage for report attachments and evidence files: never under ``MEDIA_ROOT``,
never served directly.

Attachments may belong to restricted events, so the only way to them is the
``dialogues:attachment`` view, which checks who asks. The folder is
``PRIVATE_MEDIA_ROOT`` (default ``var/private``), read at each access so
that tests and deployments can move it.
"""

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.http import FileResponse, Http404
from django.utils.cache import patch_cache_control
from django.utils.deconstruct import deconstructible


@deconstructible
class PrivateStorage(FileSystemStorage):
    """A file system storage without URL, rooted at ``settings.PRIVATE_MEDIA_ROOT``."""

    def __init__(self):
        super().__init__(base_url=None)

    @property
    def base_location(self):
        return settings.PRIVATE_MEDIA_ROOT

    @property
    def location(self):
        import os

        return os.path.abspath(self.base_location)

    def url(self, name):
        raise NotImplementedError("Private files are served by views that check who asks.")


private_storage = PrivateStorage()


def private_download(file, *, name: str, content_type: str):
    """The response that hands a private file to someone the view has already let in.

    ``file``: a ``FieldFile`` on ``private_storage``; ``name``: the name the
    browser saves it under (any alphabet); ``content_type``: the type checked
    on upload. Sent as an attachment, never sniffed, never kept by shared
    caches. Raises ``Http404`` when the file is missing from the disk.
    """
    try:
        handle = file.open("rb")
    except (FileNotFoundError, ValueError) as missing:
        raise Http404 from missing
    response = FileResponse(handle, as_attachment=True, filename=name, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    patch_cache_control(response, private=True)
    return response
