"""Exchange Cluster Planner: the application factory."""
from __future__ import annotations

import os

from flask import Flask

from .config import from_environment
from .database import configure_engine
from .extensions import csrf, db, login_manager, migrate

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


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

    db.init_app(app)
    with app.app_context():
        configure_engine(db.engine)
    migrate.init_app(app, db, directory=os.path.join(ROOT, "migrations"))
    csrf.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = "Sign in to see your plans."
    login_manager.login_message_category = "info"

    from . import models  # noqa: F401  (registers the tables with SQLAlchemy)
    from .review import models as review_models  # noqa: F401
    from .accounts.views import bp as accounts_bp
    from .projects.views import bp as projects_bp
    from .review.views import bp as review_bp
    from .rules.views import bp as rules_bp
    from .wizard.views import bp as wizard_bp
    from .web.errors import register_error_handlers
    from .web.helpers import register_template_helpers

    app.register_blueprint(projects_bp)
    app.register_blueprint(wizard_bp)
    app.register_blueprint(rules_bp)
    from .checklist.views import bp as checklist_bp
    app.register_blueprint(checklist_bp)
    app.register_blueprint(accounts_bp)
    app.register_blueprint(review_bp)
    require_sign_in(app)
    register_error_handlers(app)
    register_template_helpers(app)

    from .accounts.cli import users_cli
    from .cli import plan_cli
    app.cli.add_command(plan_cli)
    app.cli.add_command(users_cli)
    return app


# Pages anyone may see; everything else needs a signed-in user.
PUBLIC_ENDPOINTS = {"static", "accounts.login", "accounts.register", "rules.list_rules", "rules.show_rule"}


def require_sign_in(app: Flask) -> None:
    from flask import request
    from flask_login import current_user

    @app.before_request
    def _require_sign_in():
        if request.endpoint in PUBLIC_ENDPOINTS or request.endpoint is None:
            return None
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        return None
