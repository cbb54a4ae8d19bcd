"""Sign in, sign out and self-registration."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import bindparam

from app.extensions import db, login_manager

from app.storage import accounts as service
from app.web.accounts.forms import LoginForm, RegisterForm
from app.storage.models import User

bp = Blueprint("accounts", __name__)


# Built once: every signed-in request loads its user.
USER_BY_ID = db.select(User).where(User.id == bindparam("user_id"))


@login_manager.user_loader
def load_user(user_id: str):
    if not user_id.isdigit():
        return None
    return db.session.scalar(USER_BY_ID, {"user_id": int(user_id)})


def safe_next(target: str | None) -> str:
    """Only follow redirects within this site."""
    if target and target.startswith("/") and not target.startswith("//") and not urlsplit(target).netloc:
        return target
    return url_for("projects.list_projects")


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("projects.list_projects"))
    form = LoginForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        user, wait = service.authenticate(form.username.data.strip(), form.password.data)
        if user:
            login_user(user)
            return redirect(safe_next(form.next.data))
        if wait:
            form.password.errors.append(f"Too many failed attempts: wait {wait} seconds and try again.")
        else:
            form.password.errors.append("The user name or password is not right.")
    status = 401 if form.errors and request.method == "POST" else 200
    return render_template("accounts/login.html", form=form,
                           registration=current_app.config["ALLOW_REGISTRATION"]), status


@bp.post("/logout")
@login_required
def logout():
    logout_user()
    flash("You are signed out.", "success")
    return redirect(url_for("accounts.login"))


@bp.route("/register", methods=["GET", "POST"])
def register():
    if not current_app.config["ALLOW_REGISTRATION"]:
        abort(404)
    form = RegisterForm()
    if form.validate_on_submit():
        try:
            user = service.create_user(form.username.data.strip(), form.password.data)
        except service.AccountError as error:
            form.username.errors.append(str(error))
        else:
            login_user(user)
            flash(f"Welcome, {user.username}. Create your first plan.", "success")
            return redirect(url_for("projects.list_projects"))
    return render_template("accounts/register.html", form=form), 200 if not form.errors else 422
