"""Plan documents from the shell.

`flask --app app plan check FILE [--json]`: exit 0 ready, 1 not ready (an error finding or an
unanswered question), 2 the file could not be read or is not a valid plan.
`flask --app app plan runbook FILE [--format text|markdown|json|cmd|ps1] [--node NAME] [--place PLACE]
[--phase N] [--script NAME] [--output DIR]`: the runbook, or its scripts; exit 0, or 2 with one line on
standard error when the file, the node or the choice of script is not usable.
`flask --app app plan verify PLAN CAPTURE [--json]`: compare a capture of the built cluster with the
plan; exit 0 it matches (no error, no warning, and nothing the capture must show left uncompared),
1 it differs or is incomplete (the verdict says which), 2 a file cannot be read, is not a plan, or is
not a readable capture of this plan's cluster (one line on standard error).
`flask --app app plan failover FILE [--fail NODE[,NODE...]] [--json]`: the failover what-if; exit 0
when every server comes back online after any single node failure, 1 when not (or when the plan
has no node or no server to judge), 2 when the file is not a usable plan or --fail names no node
of it (one line on standard error).
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from flask.cli import AppGroup

from datetime import datetime, timezone

from app.domain import sections
from app.domain.asbuilt import MAX_CAPTURE_BYTES, CaptureRefused, verify
from app.domain.asbuilt.report import render_text as render_comparison
from app.domain.cluster import intended_state
from app.domain.failover import choose_nodes, failover_report, node_ids
from app.domain.failover.text import as_data as failover_data, render_text as failover_text
from app.domain.plan import Plan, PlanFormatError, loads_plan
from app.domain.rules import check
from app.domain.rules.engine import Report
from app.domain.runbook import build_checklist, scripts
from app.domain.runbook.items import NODE
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
@click.option("--format", "output", type=click.Choice(["text", "markdown", "json", "cmd", "ps1"]), default="text",
              show_default=True, help="text, markdown, json, cmd (Windows batch) or ps1 (Exchange Management Shell).")
@click.option("--node", default=None, help="Only the work done on this node (any case).")
@click.option("--place", default=None,
              help="cmd/ps1: the scripts of a place: forest, domain, cluster, witness (or the witness server's name).")
@click.option("--phase", type=int, default=None, help="cmd/ps1: only this phase's scripts.")
@click.option("--script", "script_name", default=None, help="cmd/ps1: one script as the Scripts page names it "
                                                             "(phase2-03-EXNODE2).")
@click.option("--output", "directory", default=None, type=click.Path(file_okay=False, writable=False),
              help="cmd/ps1: write every chosen script as a file into this folder.")
def runbook_command(file: str, output: str, node: str | None, place: str | None, phase: int | None,
                    script_name: str | None, directory: str | None) -> None:
    """Write the runbook of FILE, or its scripts.

    With --format cmd or ps1: --script writes one script as the Scripts page offers it; --node or
    --place writes that place's scripts joined into one (it waits where other work comes in
    between, and goes on after a restart when run again with a section number); --output writes
    every chosen script into a folder.
    """
    plan = load_file(file)
    checklist = build_checklist(plan)
    if node is not None:
        node = _node_named(checklist, node)
    name = plan.name if isinstance(plan.name, str) and plan.name.strip() else "Plan"
    if output in ("cmd", "ps1"):
        _write_scripts(checklist, name, output, node, place, phase, script_name, directory)
        return
    if place or phase is not None or script_name or directory:
        _fail("--place, --phase, --script and --output go with --format cmd or ps1")
    if node is not None:
        checklist = checklist.for_node(node)
    if output == "json":
        click.echo(json.dumps(as_data(checklist), indent=2, ensure_ascii=False))
    elif output == "markdown":
        click.echo(render_markdown(checklist, plan_name=name, revision=1,
                                   generated_at=datetime.now(timezone.utc)), nl=False)
    else:
        click.echo(runbook_text(checklist, name), nl=False)


def _printable(text: str) -> str:
    return text if text.isprintable() else json.dumps(text)


def _node_named(checklist, node: str) -> str:
    """The node as the plan spells it: Windows names ignore case."""
    found = next((n for n in checklist.node_names if n.casefold() == node.casefold()), None)
    if found is None:
        known = ", ".join(checklist.node_names) or "none"
        _fail(f"{_printable(node)} is not a node of this plan (nodes: {known})")
    return found


def _write_scripts(checklist, plan_name: str, kind: str, node: str | None, place: str | None, phase: int | None,
                   script_name: str | None, directory: str | None) -> None:
    chosen = [s for s in scripts.stages_of(checklist) if s.runnable and (phase is None or s.phase == phase)
              and (kind == "cmd" or s.has_powershell)]
    if node is not None:
        chosen = [s for s in chosen if s.place == scripts.Place(NODE, node)]
    if place is not None:
        chosen = [s for s in chosen if place.casefold() in (s.place.kind.casefold(), s.place.name.casefold())]
    if script_name is not None:
        chosen = [s for s in chosen if s.filename.casefold() == script_name.casefold().removesuffix(f".{kind}")]
    names = ", ".join(s.filename for s in chosen) or "none"
    if not chosen:
        every = ", ".join(s.filename for s in scripts.stages_of(checklist)
                          if s.runnable and (kind == "cmd" or s.has_powershell)) or "none"
        _fail(f"no {kind} script matches (scripts: {every})")
    if directory is not None:
        _write_files(checklist, plan_name, kind, chosen, directory)
        return
    if script_name is not None:
        text = _one_script(checklist, plan_name, kind, chosen[0])
    elif node is not None or place is not None:
        who = node or chosen[0].place.name or place
        join = scripts.combined if kind == "cmd" else scripts.combined_powershell
        text = join(chosen, checklist, plan_name, 1, who)
    else:
        _fail(f"choose a script with --script NAME, --node NAME or --place PLACE, or write them all with --output "
              f"DIR (scripts: {names})")
    sys.stdout.buffer.write(text.encode("utf-8"))


def _one_script(checklist, plan_name: str, kind: str, stage) -> str:
    write = scripts.batch if kind == "cmd" else scripts.powershell
    return write(stage, checklist, plan_name, 1)


def _write_files(checklist, plan_name: str, kind: str, stages, directory: str) -> None:
    folder = Path(directory)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for stage in stages:
            path = folder / f"{stage.filename}.{kind}"
            path.write_bytes(_one_script(checklist, plan_name, kind, stage).encode("utf-8"))
            click.echo(str(path))
    except OSError as error:
        _fail(f"{_printable(directory)}: cannot write there ({error.strerror or error})")


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


@plan_cli.command("failover")
@click.argument("file", type=click.Path(allow_dash=True, readable=False))
@click.option("--fail", "fail", multiple=True, metavar="NODE[,NODE...]",
              help="Also show what happens when these nodes fail together (repeat or separate with commas).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of text.")
def failover_command(file: str, fail: tuple[str, ...], as_json: bool) -> None:
    """Where every server of FILE goes when nodes fail: each node, each pair, and --fail."""
    plan = load_file(file)
    state = intended_state(plan)
    chosen = None
    if fail:
        chosen, unknown = choose_nodes(state, fail)
        known = ", ".join(node_ids(state)) or "none"
        if unknown:
            _fail(f"--fail: {_shown(', '.join(unknown))} {'is' if len(unknown) == 1 else 'are'} not a node of this "
                  f"plan (nodes: {known})")
        if not chosen:
            _fail(f"--fail names no node (nodes: {known})")
    report = failover_report(state, chosen)
    name = plan.name if isinstance(plan.name, str) and plan.name.strip() else "Plan"
    if as_json:
        click.echo(json.dumps(failover_data(report, name), indent=2, ensure_ascii=False))
    else:
        click.echo(failover_text(report, name), nl=False)
    sys.exit(0 if report.survives_single else 1)


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
