"""Serving stored attachments: the one function that turns an Attachment into an HTTP response.

Callers decide who may fetch the file (the submission views through `Submission.objects.visible_to`, the
public results pages only for published winners); this module only builds a safe response.
"""

from django.http import FileResponse, Http404

from submissions.models import Attachment

# Images may be shown in the page (thumbnails); everything else is always downloaded.
INLINE_TYPES = frozenset({"image/jpeg", "image/png", "image/webp"})


def attachment_response(attachment: Attachment, *, inline: bool) -> FileResponse:
    """Stream the checked file with its stored type, a download name and headers that stop sniffing.

    `inline=True` is honoured for images only; a PDF is always sent as an attachment so it opens in the
    reader, not in the site's origin. The response may be cached by the browser but never by a proxy.
    """
    try:
        handle = attachment.file.open("rb")
    except (FileNotFoundError, ValueError) as exc:
        raise Http404("attachment file missing") from exc
    show_inline = inline and attachment.content_type in INLINE_TYPES
    response = FileResponse(
        handle,
        as_attachment=not show_inline,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private"
    # A file opened on its own is not a page: no scripts, no plugins, no framing, whatever a browser thinks.
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response
