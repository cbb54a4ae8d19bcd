"""Friendly error pages instead of stack traces."""
from __future__ import annotations

from flask import render_template
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from app.domain.plan import PlanFormatError
from app.extensions import db

MESSAGES = {
    400: "The request could not be understood. Go back, reload the page and try again.",
    404: "There is nothing here. The plan may have been deleted, or the address is mistyped.",
    405: "That action is not available here.",
    413: "What was sent is too large.",
    422: "Some of what was sent could not be used.",
}


def register_error_handlers(app) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error):
        message = "The form expired or did not come from this site. Reload the page and send it again; nothing was changed."
        return render_template("error.html", code=400, message=message), 400

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        message = MESSAGES.get(error.code, error.description)
        return render_template("error.html", code=error.code, message=message), error.code

    @app.errorhandler(PlanFormatError)
    def stored_plan_invalid(error: PlanFormatError):
        """A plan stored before this version's limits (app/domain/plan/model.py) that breaks one."""
        db.session.rollback()
        app.logger.warning("A stored plan does not load: %s", error)
        message = (f"This plan cannot be opened: it was saved before a limit of this version, which it breaks "
                   f"({error}). Nothing was changed. Its owner can delete it from the project list, or an "
                   f"administrator can take its text from a backup (flask backup) and import a trimmed copy.")
        return render_template("error.html", code=409, message=message), 409

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception):
        db.session.rollback()
        app.logger.exception("Unhandled error")
        message = "Something went wrong on the server. Nothing you saved before is lost; the error was logged."
        return render_template("error.html", code=500, message=message), 500
