"""Uploads refused while they stream in, not after the whole body has been read."""

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload


class SizeLimitUploadHandler(FileUploadHandler):
    """Stops reading a multipart body once any file in it passes the largest we accept.

    Runs first, so it sees every chunk before the memory or temporary-file handlers keep
    it. Past the limit the parser stops and the rest of the body is never read (the
    connection is closed), and ``request.upload_refused`` tells the form why the file is
    missing. The fields before the file (the CSRF token first) are kept, so the page can
    say what went wrong beside the file field.
    """

    def __init__(self, request=None):
        super().__init__(request)
        self.limit = settings.HEARD_DOCUMENT_MAX_BYTES
        self.received = 0

    def _refuse(self):
        if self.request is not None:
            self.request.upload_refused = True
        raise StopUpload(connection_reset=True)

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.limit:
            self._refuse()
        return raw_data

    def file_complete(self, file_size):
        return None
