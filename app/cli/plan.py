"""Plan documents from the shell.

`flask --app app plan check FILE [--json]`: exit 0 ready, 1 not ready (an error finding or an
unanswered question), 2 the file could not be read or is not a valid plan.
`flask --app app plan runbook FILE [--format text|markdown|json|cmd] [--node NAME]`: the runbook;
exit 0, or 2 with one line on standard error when the file or the node is not usable.
`flask --app app plan verify PLAN CAPTURE [--json]`: compare a capture of the built cluster with the
plan; exit 0 it matches (no error, no warning, and nothing the capture must show left uncompared),
1 it differs or is incomplete (the verdict says which), 2 a file cannot be read, is not a plan, or is
not a readable capture of this plan's cluster (one line on standard error).
"""
from __future__ import annotations

import json
import sys

import click
from flask.cli import AppGroup

from datetime import datetime, timezone

from app.domain import sections
from app.domain.asbuilt import MAX_CAPTURE_BYTES, CaptureRefused, verify
from app.domain.asbuilt.report import render_text as render_comparison
from app.domain.plan import Plan, PlanFormatError, loads_plan
from app.domain.rules import check
from app.domain.rules.engine import Report
from app.domain.runbook import build_checklist, scripts
from app.domain.runbook.markdown import render_markdown
from app.domain.runbook.text import as_data, render_text as runbook_text

plan_cli = AppGroup("plan", help="Work with exchange-cluster-plan/1 documents.")



@plan_cli.command("check")
# No existence, directory or permission checks here: click would report them as a
# multi-line usage error; reading the file reports them as one line with exit 2.
@click.argument("file", type=click.Path(allow_dash=True, readable=False))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of text.")
def check_command(file: str, as_json: bool) -> None:
    """Check FILE against the rule catalog."""
    plan = load_file(file)
    report = check(plan)
    if as_json:
        click.echo(json.dumps(report.as_dict(), indent=2, ensure_ascii=False))
    else:
        click.echo(render_text(report))
    sys.exit(0 if report.ready else 1)


def _shown(file: str) -> str:
    # A file name may hold a newline or other control characters: quoted, the error stays one line.
    return file if file.isprintable() else json.dumps(file)


def load_file(file: str) -> Plan:
    """The plan in FILE ("-": standard input), or exit 2 with one line saying why not."""
    shown = _shown(file)
    try:
        return loads_plan(_read(file))
    except PlanFormatError as error:
        _fail(f"{shown}: {error}")
    except OSError as error:
        _fail(f"{shown}: cannot read the file ({error.strerror or error})")
    raise AssertionError("unreachable")


@plan_cli.command("runbook")
@click.argument("file", type=click.Path(allow_dash=True, readable=False))
@click.option("--format", "output", type=click.Choice(["text", "markdown", "json", "cmd"]), default="text",
              show_default=True, help="text, markdown, json, or cmd (a Windows batch file).")
@click.option("--node", default=None, help="Only the work done on this node.")
def runbook_command(file: str, output: str, node: str | None) -> None:
    """Write the runbook of FILE."""
    plan = load_file(file)
    checklist = build_checklist(plan)
    if node is not None and node not in checklist.node_names:
        known = ", ".join(checklist.node_names) or "none"
        _fail(f"{node if node.isprintable() else json.dumps(node)} is not a node of this plan (nodes: {known})")
    name = plan.name if isinstance(plan.name, str) and plan.name.strip() else "Plan"
    if output == "cmd":
        script = scripts.whole_scope(checklist, node or scripts.CLUSTER_SCOPE)
        sys.stdout.buffer.write(scripts.batch(script, name, 1).encode("utf-8"))
        return
    if node is not None:
        checklist = checklist.for_node(node)
    if output == "json":
        click.echo(json.dumps(as_data(checklist), indent=2, ensure_ascii=False))
    elif output == "markdown":
        click.echo(render_markdown(checklist, plan_name=name, revision=1,
                                   generated_at=datetime.now(timezone.utc)), nl=False)
    else:
        click.echo(runbook_text(checklist, name), nl=False)


def _read(file: str, limit: int | None = None) -> bytes:
    """The file's bytes (standard input for "-"); at most `limit` + 1, which says it is larger."""
    size = -1 if limit is None else limit + 1
    if file == "-":
        return sys.stdin.buffer.read(size)
    with open(file, "rb") as handle:
        return handle.read(size)


@plan_cli.command("verify")
@click.argument("plan_file", metavar="PLAN", type=click.Path(allow_dash=True, readable=False))
@click.argument("capture_file", metavar="CAPTURE", type=click.Path(allow_dash=True, readable=False))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of text.")
def verify_command(plan_file: str, capture_file: str, as_json: bool) -> None:
    """Compare CAPTURE (what collect.cmd wrote on the built cluster) with the plan in PLAN."""
    if plan_file == "-" and capture_file == "-":
        _fail("only one of PLAN and CAPTURE can be read from standard input (-)")
    plan = load_file(plan_file)
    try:
        result = verify(plan, _read(capture_file, MAX_CAPTURE_BYTES))
    except OSError as error:
        _fail(f"{_shown(capture_file)}: cannot read the file ({error.strerror or error})")
    except CaptureRefused as refused:
        details = "; ".join(problem.describe() for problem in refused.problems)
        _fail(f"{_shown(capture_file)}: {refused.message}" + (f" {details}" if details else ""))
    comparison = result.comparison
    if as_json:
        notes = [{"line": note.line, "message": note.message} for note in result.capture.notes]
        click.echo(json.dumps({"encoding": result.capture.encoding, "notes": notes, **comparison.as_dict()},
                              indent=2, ensure_ascii=False))
    else:
        click.echo(render_comparison(comparison, f"As built: {capture_file} compared with {plan_file}",
                                     result.capture.notes))
    sys.exit(0 if comparison.matches else 1)


def _fail(message: str) -> None:
    click.echo(f"error: {' '.join(message.splitlines())}", err=True)
    sys.exit(2)


def render_text(report: Report) -> str:
    lines: list[str] = []
    for step in sections.ORDER:
        findings = [f for f in report.findings if f.step == step]
        missing = report.incomplete_for_step(step)
        if not findings and not missing:
            continue
        lines.append(f"== {sections.BY_NAME[step].title} [{step}]")
        for finding in findings:
            lines.append(f"  {finding.severity.upper():7} {finding.rule} at {finding.subject}")
            lines.append(f"          {finding.message}")
            lines.append(f"          {finding.remedy_label}: {finding.remediation}")
        for item in missing:
            lines.append(f"  MISSING {item.subject}: {item.message}")
        lines.append("")
    counts = (f"{len(report.errors)} error(s), {len(report.warnings)} warning(s), "
              f"{len(report.infos)} note(s), {len(report.incomplete)} unanswered")
    if report.ready:
        lines.append(f"READY: the plan has no error and every question is answered ({counts}).")
    else:
        lines.append(f"NOT READY: {counts}.")
    return "\n".join(lines)
