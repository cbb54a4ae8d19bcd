"""The failover what-if in words: scenario titles and summaries (shared by the page, the printout
and the command line), the plain-text report of `flask plan failover`, and its JSON."""
from __future__ import annotations

from app.domain import versions
from app.domain.failover.scenarios import FailoverReport, Limits
from app.domain.failover.simulate import NO_QUORUM, ALL_DOWN, NodeLoad, Outcome, Placement
from app.domain.words import join_words


# The catalog's rules that judge the what-if (app/domain/rules/catalog.toml), and the other rules
# about where servers can run, which the what-if leaves to them; the page shows their findings.
RULE_IDS = ("failover-single-node", "failover-storage-groups", "failover-active-active-users",
            "failover-passive-node-shared", "evs-possible-owners")
RELATED_RULE_IDS = ("evs-count-limit", "cms-passive-node", "evs-active-active", "evs-storage-groups",
                    "evs-preferred-owners", "nodes-min-two", "quorum-local-test-only", "ccr-quorum-witness")


def scenario_title(outcome: Outcome) -> str:
    if not outcome.failed:
        return "Every node up"
    return f"{join_words(list(outcome.failed))} {'fails' if len(outcome.failed) == 1 else 'fail'}"


def summary(outcome: Outcome) -> str:
    """One line: does every server come back, and if not, which do not."""
    reasons = {p.reason for p in outcome.servers}
    if outcome.servers and reasons == {ALL_DOWN}:
        return "Nothing online: every node is down"
    if outcome.servers and reasons == {NO_QUORUM}:
        return "Cluster stops: the surviving nodes lose quorum"
    if not outcome.servers:
        return "No server planned"
    offline = [p.label for p in outcome.not_online if p.node is None]
    partial = [p.label for p in outcome.not_online if p.node is not None]
    parts = []
    if offline:
        parts.append(f"{join_words(offline)} offline")
    if partial:
        parts.append(f"{join_words(partial)} online without all {'its' if len(partial) == 1 else 'their'} "
                     "storage groups")
    if parts:
        return "; ".join(parts)
    over = outcome.over_guidance
    return "Every server online" + (f", {join_words([n.node for n in over])} over the load guidance" if over else "")


def move_words(placement: Placement) -> str:
    """Where one group went: "EXNODE1 → EXNODE2", "stays on EXNODE1", "offline"."""
    if placement.node is None:
        return "offline"
    if placement.moved and placement.home:
        return f"{placement.home} → {placement.node}"
    return f"on {placement.node}"


def load_words(load: NodeLoad) -> str:
    if load.failed:
        return "FAILED"
    if not load.servers:
        return "passive"
    parts = [f"runs {join_words(list(load.servers))}"]
    if load.storage_groups is not None and load.storage_group_limit is not None:
        parts.append(f"storage groups {load.storage_groups} of {load.storage_group_limit}")
    if load.mailboxes is not None:
        parts.append(f"{load.mailboxes:,} mailboxes")
    if load.concurrent_users is not None:
        users = f"{load.concurrent_users:,} concurrent users"
        if load.users_guidance is not None:
            users += f" (guidance {load.users_guidance:,}{': over' if load.over_guidance else ''})"
        parts.append(users)
    return "; ".join(parts)


def verdict_words(report: FailoverReport) -> tuple[str, str]:
    """("Survives any single node failure: yes", "Always survives: any 2 failed nodes")."""
    single = {True: "yes", False: "no", None: "cannot tell"}[report.survives_single]
    if report.always_survives is None:
        always = "cannot tell"
    elif report.always_survives == 0:
        always = "0 failed nodes (one failure already costs a server)"
    else:
        count = report.always_survives
        always = f"any {count} failed node{'s' if count != 1 else ''}"
        if not report.search_complete:
            always = f"at least {always} (larger combinations were not tried)"
    return f"Survives any single node failure: {single}", f"Always survives: {always}"


def limit_words(limits: Limits) -> list[str]:
    """The version facts the what-if applied, in words, with their sources."""
    said = []
    if limits.family is None:
        return ["The Exchange version is not chosen yet, so no per-version limit is applied."]
    if limits.one_server_per_node and limits.family == versions.E2007:
        said.append("Each node runs one clustered mailbox server at a time: Exchange 2007 clusters are "
                    "active/passive.")
    elif limits.one_server_per_node:
        said.append("Each node runs one virtual server at a time: Exchange 2000/2003 clusters of more than two "
                    "nodes are active/passive (KB 329208, KB 815180).")
    else:
        said.append("The two nodes may run both virtual servers on one node after a failover (active/active, "
                    "Exchange 2000/2003 with two nodes only: KB 815180).")
    if limits.storage_groups_per_node:
        said.append(f"One node mounts at most {limits.storage_groups_per_node} storage groups, whichever servers they "
                    "belong to (KB 259197).")
    if limits.active_active and limits.users_per_node:
        said.append(f"Microsoft's guidance for active/active nodes, while both run: at most {limits.users_per_node:,} "
                    f"concurrent users and about {limits.cpu_percent}% CPU per node, so that one node can carry both "
                    "servers after a failover (KB 815180; Exchange Server Analyzer, TechNet aa996872).")
    return said


# ---------------------------------------------------------------- plain text

def render_text(report: FailoverReport, plan_name: str) -> str:
    lines = [f"Failover what-if: {plan_name}", f"Nodes in setup order: {', '.join(report.nodes) or 'none'}", ""]
    lines += [*verdict_words(report), *(f"  {line}" for line in limit_words(report.limits)), ""]
    rows = [(scenario_title(o), summary(o), _moves(o)) for o in (report.baseline, *report.scenarios)]
    width = max((len(title) for title, _, _ in rows), default=0)
    lines.append("Scenarios:")
    for title, result, moves in rows:
        lines.append(f"  {title:<{width}}  {result}" + (f" ({moves})" if moves else ""))
    if report.chosen is not None:
        lines += ["", *_details(report.chosen)]
    notes = report.notes()
    if notes:
        lines += ["", "What the plan leaves open:"] + [f"  - {note}" for note in notes]
    return "\n".join(lines) + "\n"


def _moves(outcome: Outcome) -> str:
    return "; ".join(f"{p.label}: {move_words(p)}" for p in outcome.servers if p.moved)


def _details(outcome: Outcome) -> list[str]:
    lines = [f"== {scenario_title(outcome)}: {summary(outcome)}"]
    width = max((len(p.label) for p in outcome.placements), default=0)
    for placement in outcome.placements:
        line = f"  {placement.label:<{width}}  {move_words(placement)}"
        if placement.detail:
            line += f": {placement.detail}"
        lines.append(line)
    lines.append("  Nodes:")
    node_width = max((len(n.node) for n in outcome.nodes), default=0)
    lines += [f"    {load.node:<{node_width}}  {load_words(load)}" for load in outcome.nodes]
    return lines


# ---------------------------------------------------------------- JSON

def as_data(report: FailoverReport, plan_name: str) -> dict:
    limits = report.limits
    return {
        "plan": plan_name, "nodes": list(report.nodes),
        "survives_any_single_failure": report.survives_single, "always_survives": report.always_survives,
        "search_complete": report.search_complete,
        "limits": {"one_server_per_node": limits.one_server_per_node, "active_active": limits.active_active,
                   "storage_groups_per_node": limits.storage_groups_per_node,
                   "concurrent_users_per_node": limits.users_per_node, "cpu_percent": limits.cpu_percent},
        "notes": list(report.notes()),
        "every_node_up": outcome_data(report.baseline),
        "scenarios": [outcome_data(o) for o in report.scenarios],
        "chosen": outcome_data(report.chosen) if report.chosen is not None else None,
    }


def outcome_data(outcome: Outcome) -> dict:
    return {
        "failed": list(outcome.failed), "all_online": outcome.all_online, "quorum": outcome.quorum,
        "summary": summary(outcome),
        "groups": [{"group": p.group, "kind": p.kind, "name": p.label, "home": p.home, "node": p.node,
                    "status": p.status, "reason": p.reason, "detail": p.detail, "passed_over": list(p.passed_over),
                    "storage_groups": p.storage_groups, "mounted": p.mounted} for p in outcome.placements],
        "nodes": [{"node": n.node, "failed": n.failed, "servers": list(n.servers), "storage_groups": n.storage_groups,
                   "storage_group_limit": n.storage_group_limit, "mailboxes": n.mailboxes,
                   "concurrent_users": n.concurrent_users, "users_guidance": n.users_guidance,
                   "over_guidance": n.over_guidance} for n in outcome.nodes],
        "notes": list(outcome.notes),
    }
