"""How much the capture and prefill forms accept, checked from the request's length before it is read.

The app-wide MAX_CONTENT_LENGTH (4 MB) stays as it is for every other form. These forms take up
to MAX_CAPTURE_BYTES of capture (a 16-node capture with every section is under 1 MB, twice that as
UTF-16) plus room for the rest of the form; their pasted text may be that large too, beyond
Werkzeug's 500 KB default for a text field. A larger request is refused on its Content-Length
alone, without reading it into memory or a file: the page says how large it was and what the
limit is. Its body is then read and dropped (up to DRAIN_BYTES, for signed-in users) so that a
browser still sending it receives the page instead of a reset connection.
"""
from __future__ import annotations

from flask import request

from app.domain.asbuilt import MAX_CAPTURE_BYTES, size_text
from app.domain.asbuilt.text import size_over_limit

FORM_ROOM = 256 * 1024
BODY_LIMIT = MAX_CAPTURE_BYTES + FORM_ROOM
DRAIN_BYTES = 64 * 1024 * 1024
_CHUNK = 64 * 1024


def allow_capture_sized_body() -> None:
    request.max_content_length = BODY_LIMIT
    request.max_form_memory_size = BODY_LIMIT


def too_large_message() -> str:
    sent = request.content_length
    shown = f"What was sent is {size_over_limit(sent)}" if sent else "What was sent is too large"
    return (f"{shown}; a capture may be at most {size_text(MAX_CAPTURE_BYTES)}. Nothing was read or stored. "
            "Send the file collect.cmd wrote (without other files), or paste fewer sections at a time.")


def drain_body() -> None:
    """Read and drop what the client is still sending, so that it gets to read the answer."""
    stream = request.environ.get("wsgi.input")
    left = min(request.content_length or 0, DRAIN_BYTES)
    while stream is not None and left > 0:
        chunk = stream.read(min(_CHUNK, left))
        if not chunk:
            break
        left -= len(chunk)
