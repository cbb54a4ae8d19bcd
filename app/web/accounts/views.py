"""Sign in, sign out, self-registration and changing one's password."""
from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, abort, current_app, flash, g, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import bindparam

from app.extensions import db, login_manager
from app.storage import accounts as service, sign_in
from app.storage.models import User
from app.web.accounts.forms import LoginForm, PasswordForm, RegisterForm
from app.web.redirects import local_target

bp = Blueprint("accounts", __name__)

WRONG = "The user name or password is not right."
BUSY = "Many sign-ins are being checked at this moment. Wait a few seconds and try again."
BUSY_SECONDS = 3

# Built once: every signed-in request loads its user.
USER_BY_ID = db.select(User).where(User.id == bindparam("user_id"))


@login_manager.user_loader
def load_user(session_id: str):
    """The user a session names ("id.version", see User.get_id), if that session is still valid:
    a sign-out, a password change or an administrator raises the version and so ends it."""
    user_id, _, version = session_id.partition(".")
    if not (user_id.isascii() and user_id.isdigit() and version.isascii() and version.isdigit()):
        return None
    user = db.session.scalar(USER_BY_ID, {"user_id": int(user_id)})
    if user is None or user.disabled or str(user.session_version) != version:
        return None
    return user


def refuse_paused_sign_ins(app) -> None:
    """While this worker knows sign-in is paused for an address, its sign-ins are answered before
    anything else is done for them (session, CSRF check, form, queries, the site's layout), so a
    flood of them costs about what the bare health page costs. Registered before the extensions,
    so it runs first."""
    @app.before_request
    def _refuse_paused_sign_in():
        if request.method != "POST" or request.endpoint != "accounts.login":
            return None
        pause = sign_in.known_pause(sign_in.address_key(request.remote_addr))
        if pause is None:
            return None
        return paused_page(pause.message, pause.seconds)


def paused_page(message: str, seconds: int):
    return render_template("accounts/paused.html", message=message), 429, {"Retry-After": str(seconds)}


def safe_next(target: str | None) -> str:
    """Only follow redirects within this site."""
    return local_target(target, url_for("projects.list_projects"))


def start_session(user: User) -> None:
    """Sign in with a fresh CSRF token: one known from before signing in (on a shared computer,
    or planted) must not be valid for the signed-in session."""
    session.pop("csrf_token", None)
    g.pop("csrf_token", None)
    login_user(user)


@dataclass(frozen=True)
class Refusal:
    """Why a password was not checked (throttled here, or every hashing slot taken): the words
    for the field, the status and how long to wait."""
    message: str
    status: int
    seconds: int
    paused: bool = False  # sign-in is paused for this address or everyone (not merely busy)

    @property
    def headers(self) -> dict[str, str]:
        return {"Retry-After": str(self.seconds)}


BUSY_REFUSAL = Refusal(BUSY, 429, BUSY_SECONDS)  # too many sign-ins at once, from anywhere


def checked_password(name: str, password: str) -> tuple[User | None, Refusal | None]:
    """(the account, None) when the name and password match; (None, None) when they do not, which
    counts as a failure of this client address; (None, refusal) when the password was not checked
    at all: sign-in is throttled here, or every hashing slot is taken."""
    address = sign_in.address_key(request.remote_addr)
    pause = sign_in.throttled(address)
    if pause is not None:
        return None, Refusal(pause.message, 429, pause.seconds, paused=True)
    try:
        user = sign_in.verify(name, password)
    except sign_in.HashingBusy:
        if sign_in.busy_counts_as_failure(address):
            sign_in.record_failure(address)
        return None, BUSY_REFUSAL
    if user is None:
        sign_in.record_failure(address)
    return user, None


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("projects.list_projects"))
    form = LoginForm(next=request.args.get("next", ""))
    refusal = None
    if form.validate_on_submit():
        user, refusal = checked_password(form.username.data.strip(), form.password.data)
        if user is not None:
            start_session(user)
            return redirect(safe_next(form.next.data))
        if refusal is not None and refusal.paused:
            return paused_page(refusal.message, refusal.seconds)  # as every later attempt will see it
        form.password.errors.append(refusal.message if refusal else WRONG)
    status = (refusal.status if refusal else 401) if form.errors and request.method == "POST" else 200
    return render_template("accounts/login.html", form=form, registration=current_app.config["ALLOW_REGISTRATION"]), \
        status, (refusal.headers if refusal else {})


@bp.post("/logout")
@login_required
def logout():
    """Ends every session of this user: a copy of the session cookie stops working too."""
    service.end_sessions(current_user._get_current_object())
    logout_user()
    session.pop("csrf_token", None)
    flash("You are signed out, in this browser and every other one.", "success")
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
        except sign_in.HashingBusy:
            form.password.errors.append(BUSY)
            return render_template("accounts/register.html", form=form), BUSY_REFUSAL.status, BUSY_REFUSAL.headers
        else:
            start_session(user)
            flash(f"Welcome, {user.username}. Create your first plan.", "success")
            return redirect(url_for("projects.list_projects"))
    return render_template("accounts/register.html", form=form), 200 if not form.errors else 422


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password():
    """A new password ends every other session of the user; this browser stays signed in."""
    user = current_user._get_current_object()
    form = PasswordForm(username=user.username)
    if form.validate_on_submit():
        checked, refusal = checked_password(user.username, form.current.data)
        if checked is None:
            form.current.errors.append(refusal.message if refusal else "This is not your current password.")
        else:
            try:
                service.change_password(user, form.password.data)
            except service.AccountError as error:
                form.password.errors.append(str(error))
            except sign_in.HashingBusy:
                form.password.errors.append(BUSY)
            else:
                start_session(db.session.get(User, user.id))
                flash("Your password is changed. Every other browser signed in as you is signed out.", "success")
                return redirect(url_for("projects.list_projects"))
    return render_template("accounts/password.html", form=form), 200 if not form.errors else 422
