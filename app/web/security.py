"""Security headers on every response, and a tiny health page."""
from __future__ import annotations

from flask import Blueprint

CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",          # no inline script anywhere; the app needs no JavaScript at all
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


@bp.get("/health")
def health():
    """A bare page for load balancers and benchmarks: no database, no template."""
    return "ok\n", 200, {"Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store"}


def register_security_headers(app) -> None:
    @app.after_request
    def _add_headers(response):
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        if response.mimetype == "text/html":
            # Plans are confidential infrastructure details: keep them out of shared caches.
            response.headers.setdefault("Cache-Control", "no-store")
        return response
