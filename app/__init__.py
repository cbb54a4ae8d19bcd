"""Exchange Cluster Planner: the application factory."""
from __future__ import annotations

import logging
import os

import click
from flask import Flask, request
from flask_login import current_user
from werkzeug.middleware.proxy_fix import ProxyFix

from app.cli import plan_cli
from app.cli.backup import backup_command, restore_command
from app.cli.users import users_cli
from app.config import DEFAULT_SECRET_KEY, from_environment
from app.extensions import csrf, db, login_manager, migrate
from app.storage import models  # noqa: F401  (registers the tables with SQLAlchemy)
from app.storage.engine import configure_engine
from app.web.accounts.views import bp as accounts_bp, refuse_paused_sign_ins
from app.web.asbuilt.prefill import bp as prefill_bp
from app.web.asbuilt.views import bp as asbuilt_bp
from app.web.checklist.views import bp as checklist_bp
from app.web.failover.views import bp as failover_bp
from app.web.errors import register_error_handlers
from app.web.helpers import register_template_helpers
from app.web.projects.views import bp as projects_bp
from app.web.review.views import bp as review_bp
from app.web.rules.views import bp as rules_bp
from app.web.security import bp as health_bp, register_security_headers
from app.web.wizard.views import bp as wizard_bp

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# Pages anyone may see; everything else needs a signed-in user.
PUBLIC_ENDPOINTS = {"static", "accounts.login", "accounts.register", "rules.list_rules", "rules.show_rule",
                    "health.health"}


class InsecureConfiguration(RuntimeError):
    pass


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask(
        __name__,
        instance_path=os.path.join(ROOT, "instance"),
        template_folder=os.path.join(ROOT, "templates"),
        static_folder=os.path.join(ROOT, "static"),
    )
    os.makedirs(app.instance_path, exist_ok=True)
    app.config.from_mapping(from_environment(app.instance_path))
    if test_config:
        app.config.update(test_config)
    refuse_insecure_settings(app)
    trust_proxies(app)
    configure_logging(app)
    refuse_paused_sign_ins(app)  # before the extensions: it answers ahead of the CSRF check
    init_extensions(app)
    register_blueprints(app)
    register_cli(app)
    return app


def serving_requests() -> bool:
    """True under a WSGI server or `flask run`; False for other commands such as `flask plan check`."""
    context = click.get_current_context(silent=True)
    return context is None or context.info_name == "run"


def refuse_insecure_settings(app: Flask) -> None:
    """Outside debug and tests, a known secret key would let anyone forge sessions."""
    if app.config["SECRET_KEY"] == DEFAULT_SECRET_KEY and not (app.debug or app.testing) and serving_requests():
        raise InsecureConfiguration(
            "SECRET_KEY is the development default. Set the SECRET_KEY environment variable to a long random "
            "value (for example: python -c 'import secrets; print(secrets.token_hex(32))'), or run with "
            "FLASK_DEBUG=1 for local development.")


def trust_proxies(app: Flask) -> None:
    """Behind TRUSTED_PROXIES reverse proxies, the client's address is the one they put in
    X-Forwarded-For (sign-in is throttled per address); without, the header is ignored, since
    anyone could send it."""
    hops = app.config.get("TRUSTED_PROXIES", 0)
    if hops:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=0, x_port=0, x_prefix=0)


def configure_logging(app: Flask) -> None:
    if not app.debug and not app.testing and not app.logger.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        app.logger.addHandler(handler)
        app.logger.setLevel(logging.INFO)


def init_extensions(app: Flask) -> None:
    db.init_app(app)
    with app.app_context():
        configure_engine(db.engine)
    migrate.init_app(app, db, directory=os.path.join(ROOT, "migrations"))
    csrf.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = "Sign in to see your plans."
    login_manager.login_message_category = "info"


def register_blueprints(app: Flask) -> None:
    for blueprint in (projects_bp, wizard_bp, checklist_bp, review_bp, asbuilt_bp, prefill_bp, rules_bp, accounts_bp,
                      health_bp, failover_bp):
        app.register_blueprint(blueprint)
    require_sign_in(app)
    register_error_handlers(app)
    register_template_helpers(app)
    register_security_headers(app)


def register_cli(app: Flask) -> None:
    for command in (plan_cli, users_cli, backup_command, restore_command):
        app.cli.add_command(command)


def require_sign_in(app: Flask) -> None:
    @app.before_request
    def _require_sign_in():
        if request.endpoint in PUBLIC_ENDPOINTS or request.endpoint is None:
            return None
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        return None
