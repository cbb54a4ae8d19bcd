"""The As built page: collect, upload or paste a capture, see how the real cluster differs from the
plan, tick the checklist items the capture proves done, and compare two captures."""
from __future__ import annotations

import os
from dataclasses import dataclass

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from app.domain.asbuilt import (MAX_CAPTURE_BYTES, CaptureRefused, CaptureUnreadable, Problem, decode_capture,
                                size_text, verify_text)
from app.domain.asbuilt.collect import capture_file_name, collect_script, has_systeminfo, node_command
from app.domain.asbuilt.compare import Difference
from app.domain.asbuilt.text import size_over_limit
from app.domain.asbuilt.report import VERDICT_WORDS, capture_changes, counts_text, items_concerned, proven_items
from app.domain.cluster import intended_state
from app.domain.plan.completeness import step_of_subject
from app.storage import asbuilt as store
from app.storage import ticks
from app.web.access import CAPABILITIES, current_role, project_or_404 as project_for
from app.web.asbuilt.forms import CaptureForm, TickProvenForm
from app.web.asbuilt.limits import allow_capture_sized_body, drain_body, too_large_message
from app.web.security import MAX_DATABASE_ID

bp = Blueprint("asbuilt", __name__)

SEVERITIES = (("error", "Errors"), ("warning", "Warnings"), ("info", "Notes"))


@bp.url_value_preprocessor
def _capture_sized_bodies(endpoint, values):
    """Before anything reads the form (the CSRF check does), so the limit applies to it."""
    if request.method == "POST":
        allow_capture_sized_body()


@bp.errorhandler(RequestEntityTooLarge)
def _too_large(error):
    message = too_large_message()
    if not current_user.is_authenticated:
        return render_template("error.html", code=413, message=message), 413
    drain_body()
    try:
        project = project_for(request.view_args.get("project_id", 0))
    except HTTPException:
        return render_template("error.html", code=413, message=message), 413
    return _page(project, error=message, status=413)


def _number(value: str | None) -> int | None:
    try:
        number = int(value) if value is not None else None
    except ValueError:
        return None
    return number if number is not None and 0 < number <= MAX_DATABASE_ID else None


# ---------------------------------------------------------------- the page

@dataclass(frozen=True)
class Piece:
    """One uploaded file (or the pasted text) and where its lines start in the joined text."""
    name: str
    first_line: int
    lines: int


@bp.get("/projects/<int:project_id>/as-built")
def show(project_id: int):
    project = project_for(project_id)
    return _page(project, selected=_number(request.args.get("capture")))


def _page(project, *, selected: int | None = None, form: CaptureForm | None = None, error: str | None = None,
          problems: tuple[Problem, ...] = (), pieces: tuple[Piece, ...] = (), status: int = 200):
    """The page; `error` is set when what was just sent was refused (nothing of it was stored, and
    the result shown is the latest stored capture's, which the page then says)."""
    plan = project.plan
    captures = store.captures_of(project)
    capture = store.get_capture(project, selected) if selected else (captures[0] if captures else None)
    missing_capture = selected is not None and capture is None
    if missing_capture:
        capture = captures[0] if captures else None
    result = store.compared(project, capture) if capture else None
    checklist = project.checklist
    marks = ticks.marks_for(checklist, ticks.ticks_of(project))
    comparison = result.comparison if result else None
    proven = proven_items(checklist, comparison) if comparison else []
    state = intended_state(plan)
    role = current_role(project)
    return render_template(
        "asbuilt/show.html", project=project, plan=plan, captures=captures, capture=capture, result=result,
        comparison=comparison, missing_capture=missing_capture,
        groups=_grouped(comparison.differences, checklist) if comparison else [],
        offered=[item for item in proven if item.id not in marks or marks[item.id].changed],
        already=[item for item in proven if item.id in marks and not marks[item.id].changed],
        form=form or CaptureForm(formdata=None), tick_form=TickProvenForm(formdata=None), error=error,
        problems=[(p, _where(p.line, pieces)) for p in problems], changes=_changes(project),
        can_edit=role in CAPABILITIES["edit"], can_tick=role in CAPABILITIES["tick"],
        limit=size_text(MAX_CAPTURE_BYTES), node_command=node_command(state), file_name=capture_file_name(state),
        node_names=state.node_names, systeminfo=has_systeminfo(state), step_of=step_of_subject,
        names=store.found_names(project), refused=error is not None), status


def _grouped(differences: tuple[Difference, ...], checklist):
    return [(severity, title, [(d, items_concerned(checklist, d.evidence)) for d in differences
                               if d.severity == severity]) for severity, title in SEVERITIES]


def _where(line: int, pieces: tuple[Piece, ...]) -> str:
    """A line of the joined text as the person knows it: in which file, at which line."""
    for piece in pieces:
        if piece.first_line <= line < piece.first_line + piece.lines:
            return f"{piece.name}, line {line - piece.first_line + 1}"
    return f"line {line}"


def _changes(project):
    """Two captures compared, when the page is asked to (?a=1&b=3)."""
    first, second = _number(request.args.get("a")), _number(request.args.get("b"))
    earlier, later = store.get_capture(project, first), store.get_capture(project, second)
    if earlier is None or later is None:
        return None
    before, after = store.compared(project, earlier), store.compared(project, later)
    if before.comparison is None or after.comparison is None:
        return {"earlier": earlier, "later": later, "refused": before.refused or after.refused}
    return {"earlier": earlier, "later": later, "refused": None,
            "changes": capture_changes(before.comparison, after.comparison)}


# ---------------------------------------------------------------- upload or paste

class _Refusal(Exception):
    def __init__(self, message: str, status: int = 422):
        super().__init__(message)
        self.message, self.status = message, status


def _printable(name: str) -> str:
    return "".join(char for char in name if char.isprintable())[:255] or "capture"


def _size(upload) -> int:
    """The size of an uploaded file, from the temporary file Werkzeug wrote it to (not read again)."""
    stream = upload.stream
    stream.seek(0, os.SEEK_END)
    size = stream.tell()
    stream.seek(0)
    return size


def _read_upload(form: CaptureForm) -> tuple[str, str, str | None, int, str, tuple[Piece, ...]]:
    """(text, how it was encoded, file names, size in bytes, source, pieces), or a _Refusal."""
    files = [f for f in request.files.getlist("capture_files") if f and f.filename]
    if files:
        size = sum(_size(f) for f in files)
        if size > MAX_CAPTURE_BYTES:
            raise _Refusal(f"The file{'s are' if len(files) > 1 else ' is'} {size_over_limit(size)}"
                           f"{' together' if len(files) > 1 else ''}; a capture may be at most "
                           f"{size_text(MAX_CAPTURE_BYTES)}. Nothing was stored.", 413)
        raws = [(_printable(f.filename), f.read(MAX_CAPTURE_BYTES + 1)) for f in files]
        texts, encodings, pieces, line = [], [], [], 1
        for name, raw in raws:
            try:
                decoded = decode_capture(raw)
            except CaptureUnreadable as error:
                raise _Refusal(f"{name}: {error} Nothing was stored.") from error
            text = decoded.text if decoded.text.endswith("\n") else decoded.text + "\n"
            texts.append(text)
            encodings.append(decoded.encoding)
            pieces.append(Piece(name, line, text.count("\n")))
            line += text.count("\n")
        return ("".join(texts), ", ".join(dict.fromkeys(encodings)), ", ".join(n for n, _ in raws)[:255], size,
                "upload", tuple(pieces))
    typed = form.capture_text.data or ""
    if typed.strip():
        raw = typed.encode("utf-8")
        try:
            decoded = decode_capture(raw)
        except CaptureUnreadable as error:
            raise _Refusal(f"{error} Nothing was stored.", 413 if len(raw) > MAX_CAPTURE_BYTES else 422) from error
        return decoded.text, "pasted text", None, len(raw), "paste", ()
    raise _Refusal("Choose the file collect.cmd wrote (and those of the other nodes), or paste the text.")


@bp.post("/projects/<int:project_id>/as-built")
def upload(project_id: int):
    project = project_for(project_id, "edit")
    form = CaptureForm()
    if not form.validate_on_submit():
        abort(400)
    pieces: tuple[Piece, ...] = ()
    try:
        text, encoding, filename, size, source, pieces = _read_upload(form)
        verification = verify_text(project.plan, text)
    except _Refusal as refusal:
        return _page(project, form=form, error=refusal.message, status=refusal.status)
    except CaptureRefused as refused:
        return _page(project, form=form, error=refused.message, problems=refused.problems, pieces=pieces,
                     status=422)
    capture = store.save_capture(project, verification, text, source=source, filename=filename, size=size,
                                 encoding=encoding, user=current_user)
    comparison = verification.comparison
    flash(f"Capture {capture.id} compared with revision {capture.revision}: {VERDICT_WORDS[comparison.verdict]} "
          f"({counts_text(comparison)}).", "success" if comparison.matches else "info")
    return redirect(url_for("asbuilt.show", project_id=project.id, capture=capture.id) + "#result", code=303)


# ---------------------------------------------------------------- tick what a capture proves

@bp.post("/projects/<int:project_id>/as-built/ticks")
def tick(project_id: int):
    project = project_for(project_id, "tick")
    form = TickProvenForm()
    if not form.validate_on_submit():
        abort(400)
    capture = store.get_capture(project, _number(form.capture_id.data))
    if capture is None:
        flash("That capture is not in this project; nothing was ticked.", "error")
        return redirect(url_for("asbuilt.show", project_id=project.id), code=303)
    back = url_for("asbuilt.show", project_id=project.id, capture=capture.id) + "#proven"
    result = store.compared(project, capture)
    wanted = set(request.form.getlist("item_id"))
    if result.comparison is None or not wanted:
        flash("Nothing was ticked: " + (result.refused or "choose at least one item first."), "error")
        return redirect(back, code=303)
    checklist = project.checklist
    ticked = store.tick_proven(project, checklist, capture, result.comparison, wanted, current_user,
                               current_user.username)
    left_out = len(wanted) - len(ticked)
    message = f"Ticked {len(ticked)} checklist item(s) proven by capture {capture.id}."
    if left_out:
        message += (f" {left_out} chosen item(s) were not ticked: the plan changed and this capture no longer "
                    "proves them.")
    flash(message, "success" if ticked else "error")
    return redirect(back, code=303)


# ---------------------------------------------------------------- the collection script

@bp.get("/projects/<int:project_id>/as-built/collect.cmd")
def collect(project_id: int):
    project = project_for(project_id)
    script = collect_script(project.plan, project.name, project.revision, store.found_names(project))
    return Response(script.encode("cp437", errors="replace"), mimetype="application/octet-stream",
                    headers={"Content-Disposition": 'attachment; filename="collect.cmd"'})
