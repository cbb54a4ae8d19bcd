"""Security headers on every response, and a tiny health page."""
from __future__ import annotations

from flask import Blueprint, abort, request

CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",          # static/ only (htmx and its glue, on step pages); never inline script
    "style-src 'self'",
    "img-src 'self' data:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])
HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}

bp = Blueprint("health", __name__)

# Ids in URLs (<int:...>) are database integers; a larger number cannot name anything, and SQLite
# would fail on it ("Python int too large to convert to SQLite INTEGER") instead of finding nothing.
MAX_DATABASE_ID = 2 ** 31 - 1


@bp.app_url_value_preprocessor
def _refuse_impossible_ids(endpoint, values):
    if values and any(isinstance(value, int) and not 0 <= value <= MAX_DATABASE_ID for value in values.values()):
        abort(404)


@bp.before_app_request
def _refuse_malformed_fields():
    """No form of this app sends a NUL character, which PostgreSQL cannot store in text (the request
    would fail), nor a multipart field without a name (Werkzeug gives it the name None)."""
    sources = [request.args, request.form] if request.method in ("POST", "PUT", "PATCH") else [request.args]
    for source in sources:
        for key, values in source.lists():
            if not isinstance(key, str) or any(isinstance(text, str) and "\x00" in text for text in (key, *values)):
                abort(400)


@bp.get("/health")
def health():
    """A bare page for load balancers and benchmarks: no database, no template."""
    return "ok\n", 200, {"Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store"}


def register_security_headers(app) -> None:
    @app.after_request
    def _add_headers(response):
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        if request.endpoint != "static":
            # Plans are confidential infrastructure details: no page, export, download or script
            # may be kept by a browser's or a proxy's cache (only the stylesheet and icon may).
            response.headers.setdefault("Cache-Control", "no-store")
        return response
