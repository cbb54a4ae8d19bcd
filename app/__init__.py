"""Exchange Cluster Planner: the application factory."""
from __future__ import annotations

import os

from flask import Flask

from .config import from_environment
from .extensions import csrf, db, migrate

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
    migrate.init_app(app, db, directory=os.path.join(ROOT, "migrations"))
    csrf.init_app(app)

    from . import models  # noqa: F401  (registers the tables with SQLAlchemy)
    from .projects.views import bp as projects_bp
    from .rules.views import bp as rules_bp
    from .wizard.views import bp as wizard_bp
    from .web.errors import register_error_handlers
    from .web.helpers import register_template_helpers

    app.register_blueprint(projects_bp)
    app.register_blueprint(wizard_bp)
    app.register_blueprint(rules_bp)
    from .checklist.views import bp as checklist_bp
    app.register_blueprint(checklist_bp)
    register_error_handlers(app)
    register_template_helpers(app)

    from .cli import plan_cli
    app.cli.add_command(plan_cli)
    return app
