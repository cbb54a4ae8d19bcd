"""A picture of the planned cluster, drawn on the server as SVG from its intended state.

`render_svg(plan)` draws the cluster the plan describes: every node in setup order, and above each
node the groups that run on it (the Cluster Group and each virtual server or clustered mailbox
server), each with its failover path written out and drawn as a dashed arrow to the node it moves
to first. `draw(state, title, scenario)` draws a given state; with a `Scenario` (some nodes
failed, and where each group landed; `scenario_of` makes one from a failover outcome) the failed
nodes are crossed out, each group stands over the node it landed on with a dashed arrow from its
usual node, and a group with nowhere to go is shown as offline.

Readable in black and white: the networks differ by line style (solid public, dashed private,
dotted storage), active nodes by a solid thick outline and the word ACTIVE, passive ones by a
dashed outline, the quorum disk by hatching and a label. Only presentation attributes are used
(no style attribute or element), so the page's Content-Security-Policy needs nothing for it.
Every plan value is escaped.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from xml.sax.saxutils import escape, quoteattr

from app.domain import versions
from app.domain.cluster import ClusterState, Group, intended_state
from app.domain.cluster.state import CLUSTER_KIND, PRIVATE_NETWORK, SERVER_KIND
from app.domain.failover import Outcome, failover_order
from app.domain.plan.model import Plan
from app.domain.words import INTERCONNECT_LABELS, exchange_label, quorum_text, shown, windows_label

MARGIN, GAP = 20, 20
BOX_W, NODE_H, GROUP_H, DISK_H = 210, 100, 92, 70
LINE_H = 16
LANE_GAP = 9
MAX_CHARS = 27
HEADING_CHARS = 21
MIN_WIDTH = 760
COLUMNS = 4
INK, WASH, PAPER = "#1b1f24", "#e6eef7", "#ffffff"
PUBLIC_DASH, PRIVATE_DASH, STORAGE_DASH, FAILOVER_DASH = "", "12 6", "2 4", "7 4"
PURPOSE_LABELS = {"quorum": "QUORUM disk", "exchange": "Exchange data", "msdtc": "MSDTC", "other": "Other use"}
TITLE_ID, DESC_ID, HATCH_ID, ARROW_ID = ("cluster-diagram-title", "cluster-diagram-desc", "cluster-diagram-hatch",
                                         "cluster-diagram-arrow")
# XML 1.0 forbids most control characters; a plan value may still contain them.
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True)
class Scenario:
    """Some failed nodes, and the node each group runs on afterwards (None: it stays offline)."""
    failed: frozenset[str]
    placement: dict[str, str | None] = field(default_factory=dict)  # group name -> node


def scenario_of(outcome: Outcome) -> Scenario:
    """The diagram's view of a failover outcome: the failed nodes and where each group runs."""
    return Scenario(frozenset(outcome.failed), {p.group: p.node for p in outcome.placements})


def clean(text: str) -> str:
    return _NOT_XML.sub("", str(text))


def fit(text: str, limit: int = MAX_CHARS) -> str:
    text = " ".join(clean(text).split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


class _Canvas:
    """Collects SVG elements; every text passes through `text()`, which escapes it."""

    def __init__(self, width: int):
        self.width = width
        self.parts: list[str] = []
        self.labels: list[str] = []  # drawn last, over the lines

    def text(self, x: float, y: float, value: str, *, size: int = 12, bold: bool = False, anchor: str = "start",
             limit: int = MAX_CHARS, italic: bool = False) -> None:
        attrs = f'x="{x:g}" y="{y:g}" font-size="{size}" text-anchor="{anchor}" fill="{INK}"'
        attrs += ' font-weight="bold"' if bold else ""
        attrs += ' font-style="italic"' if italic else ""
        shown_text = fit(value, limit)
        tooltip = f"<title>{escape(clean(value))}</title>" if shown_text != " ".join(clean(value).split()) else ""
        self.parts.append(f"<text {attrs}>{tooltip}{escape(shown_text)}</text>")

    def label(self, x: float, y: float, value: str, *, limit: int = 80) -> None:
        """Bold text on a paper-coloured band, so lines running behind it do not cross the letters."""
        width = len(fit(value, limit)) * 7.6 + 8
        start = len(self.parts)
        self.parts.append(f'<rect x="{x - 4:g}" y="{y - 13:g}" width="{width:g}" height="18" fill="{PAPER}"/>')
        self.text(x, y, value, bold=True, limit=limit)
        self.labels += self.parts[start:]
        del self.parts[start:]

    def line(self, x1: float, y1: float, x2: float, y2: float, *, width: float = 1.5, dash: str = "",
             arrow: bool = False) -> None:
        dashed = f' stroke-dasharray="{dash}"' if dash else ""
        head = f' marker-end="url(#{ARROW_ID})"' if arrow else ""
        self.parts.append(f'<line x1="{x1:g}" y1="{y1:g}" x2="{x2:g}" y2="{y2:g}" stroke="{INK}" '
                          f'stroke-width="{width:g}"{dashed}{head}/>')

    def path(self, points: list[tuple[float, float]], *, width: float = 1.5, dash: str = "",
             arrow: bool = False) -> None:
        dashed = f' stroke-dasharray="{dash}"' if dash else ""
        head = f' marker-end="url(#{ARROW_ID})"' if arrow else ""
        d = " ".join(f"{'M' if i == 0 else 'L'}{x:g} {y:g}" for i, (x, y) in enumerate(points))
        self.parts.append(f'<path d="{d}" fill="none" stroke="{INK}" stroke-width="{width:g}"{dashed}{head}/>')

    def rect(self, x: float, y: float, w: float, h: float, *, width: float = 1.5, dash: str = "",
             fill: str = PAPER, radius: int = 4) -> None:
        dashed = f' stroke-dasharray="{dash}"' if dash else ""
        self.parts.append(f'<rect x="{x:g}" y="{y:g}" width="{w:g}" height="{h:g}" rx="{radius}" fill="{fill}" '
                          f'stroke="{INK}" stroke-width="{width:g}"{dashed}/>')

    def svg(self, height: int, title: str, description: str) -> str:
        label = quoteattr(clean(title))
        defs = (f'<defs><pattern id="{HATCH_ID}" width="8" height="8" patternUnits="userSpaceOnUse" '
                f'patternTransform="rotate(45)"><line x1="0" y1="0" x2="0" y2="8" stroke="{INK}" '
                f'stroke-width="2"/></pattern><marker id="{ARROW_ID}" viewBox="0 0 10 10" refX="9" refY="5" '
                f'markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0 0 L10 5 L0 10 z" '
                f'fill="{INK}"/></marker></defs>')
        return (f'<svg xmlns="http://www.w3.org/2000/svg" class="cluster-diagram" role="img" aria-label={label} '
                f'aria-describedby="{DESC_ID}" width="{self.width}" height="{height}" '
                f'viewBox="0 0 {self.width} {height}" font-family="DejaVu Sans, Arial, Helvetica, sans-serif">'
                f'<title id="{TITLE_ID}">{escape(clean(title))}</title>'
                f'<desc id="{DESC_ID}">{escape(clean(description))}</desc>'
                f'{defs}<rect x="0" y="0" width="{self.width}" height="{height}" fill="{PAPER}"/>'
                + "".join(self.parts + self.labels) + "</svg>")


def render_svg(plan: Plan, scenario: Scenario | None = None) -> str:
    name = plan.name if isinstance(plan.name, str) and plan.name.strip() else "the plan"
    return draw(intended_state(plan), name, scenario)


def draw(state: ClusterState, plan_name: str, scenario: Scenario | None = None) -> str:
    return _Diagram(state, plan_name, scenario).draw()


def failover_targets(group: Group, runs_on: str | None, nodes: tuple[str, ...]) -> list[str]:
    """Where a group goes when the node it runs on fails: its preferred owners in order, then
    every other possible owner."""
    return [name for name in failover_order(group, nodes) if name != runs_on]


class _Diagram:
    """Lays the drawing out top to bottom: header, then per row of nodes the groups running on
    them, the public network, the nodes and the private network; then shared storage and a key.
    Rows hold at most COLUMNS nodes so big clusters stay legible on paper."""

    def __init__(self, state: ClusterState, plan_name: str, scenario: Scenario | None):
        self.state = state
        self.plan_name = plan_name
        self.scenario = scenario
        self.nodes = [node.label if node.name is None else node.name for node in state.nodes]
        self.columns = min(COLUMNS, max(len(self.nodes), 3))
        width = max(MIN_WIDTH, 2 * MARGIN + self.columns * BOX_W + (self.columns - 1) * GAP)
        self.canvas = _Canvas(width)
        self.cluster_name = shown(state.name, "cluster name")
        self.groups = [g for g in state.groups if g.kind in (CLUSTER_KIND, SERVER_KIND)]
        self.storage_stubs: list[tuple[float, float]] = []
        self.node_top: dict[str, tuple[float, float]] = {}  # node -> (x of its box, y of its top)

    # ------------------------------------------------------------ where things run

    def runs_on(self, group: Group) -> str | None:
        if self.scenario is not None:
            return self.scenario.placement.get(group.name)
        return group.home

    def failed(self, node: str) -> bool:
        return self.scenario is not None and node in self.scenario.failed

    def column_x(self, index: int, count: int) -> float:
        """Centres a row of `count` boxes across the drawing."""
        row = count * BOX_W + (count - 1) * GAP
        return (self.canvas.width - row) / 2 + index * (BOX_W + GAP)

    def draw(self) -> str:
        y = self._header(MARGIN)
        y = self._unplaced(y)
        rows = [self.nodes[start:start + self.columns] for start in range(0, len(self.nodes), self.columns)]
        if not rows:
            self.canvas.text(self.canvas.width / 2, y + 30, "No nodes planned yet", anchor="middle", bold=True)
            y += 50
        for row in rows:
            y = self._row(y, row)
        y = self._storage(y + 20)
        y = self._legend(y + 16)
        return self.canvas.svg(int(y + MARGIN), self._title(), self._description())

    # ------------------------------------------------------------ parts

    def _header(self, y: float) -> float:
        state = self.state
        self.canvas.text(MARGIN, y + 16, f"Cluster {self.cluster_name} ({shown(state.ip, 'cluster IP')})", size=16,
                         bold=True, limit=90)
        self.canvas.text(MARGIN, y + 36, f"{exchange_label(state.exchange, state.cluster_type)} on "
                         f"{windows_label(state.windows, state.windows_edition)}", limit=110)
        quorum = state.quorum
        self.canvas.text(MARGIN, y + 54, f"Quorum: {quorum_text(quorum.type, quorum.disk, quorum.witness)}",
                         limit=110)
        if self.scenario is not None:
            failed = ", ".join(sorted(self.scenario.failed)) or "none"
            self.canvas.text(MARGIN, y + 72, f"What if these nodes fail: {failed}", bold=True, limit=110)
            return y + 88
        return y + 70

    def _unplaced(self, y: float) -> float:
        """Groups that run on no node: more servers than nodes, or nowhere left after failures."""
        lost = [g for g in self.groups if self.runs_on(g) not in self.nodes]
        if not lost:
            return y
        heading = "OFFLINE: no node left to run these" if self.scenario else "Not placed: no node free to run these"
        self.canvas.text(MARGIN, y + 12, heading, bold=True, limit=110)
        top = y + 22
        for number, start in enumerate(range(0, len(lost), self.columns)):
            chunk = lost[start:start + self.columns]
            for offset, group in enumerate(chunk):
                self._group_box(self.column_x(offset, len(chunk)), top + number * (GROUP_H + GAP), group, None)
        return top + ((len(lost) - 1) // self.columns + 1) * (GROUP_H + GAP) + 4

    def _row(self, y: float, row: list[str]) -> float:
        """The groups running on this row's nodes, the public network, the nodes, the private network."""
        stacks = {node: [g for g in self.groups if self.runs_on(g) == node] for node in row}
        band = max((len(groups) for groups in stacks.values()), default=0)
        if band:
            release = versions.exchange(self.state.exchange)
            kind = release.server_noun_plural if release else "virtual servers"
            self.canvas.text(MARGIN, y + 12, f"The cluster name and the {kind}, over the node each runs on",
                             italic=True, limit=110)
            y += 22
        lanes = [g for node in row for g in stacks[node] if self._first_target(g, row) or self._moved_within(g, row)]
        lane_top = y + band * (GROUP_H + 8) + 6
        public_y = lane_top + len(lanes) * LANE_GAP + 14
        for offset, node in enumerate(row):
            x = self.column_x(offset, len(row))
            for level, group in enumerate(stacks[node]):
                top = y + level * (GROUP_H + 8)
                self._group_box(x, top, group, node)
                if group in lanes and self.scenario is not None:
                    lane = lanes.index(group)
                    self._move_lane(self.column_x(row.index(group.home), len(row)), x, top, level,
                                    lane_top + lane * LANE_GAP, lane, public_y)
                elif group in lanes:
                    lane = lanes.index(group)
                    self._failover_lane(x, top, level, lane_top + lane * LANE_GAP, lane,
                                        self.column_x(row.index(self._first_target(group, row)), len(row)), public_y)
                if level < len(stacks[node]) - 1:
                    self.canvas.line(x + BOX_W / 3, top + GROUP_H, x + BOX_W / 3, top + GROUP_H + 8, width=2.5)
            if stacks[node]:
                bottom = y + (len(stacks[node]) - 1) * (GROUP_H + 8) + GROUP_H
                self.canvas.line(x + BOX_W / 3, bottom, x + BOX_W / 3, public_y + 40, width=2.5)
        return self._nodes(public_y, row)

    def _first_target(self, group: Group, row: list[str]) -> str | None:
        """The node a server moves to first, when it is in the same row (drawn as an arrow)."""
        if self.scenario is not None or group.kind != SERVER_KIND:
            return None
        targets = [t for t in failover_targets(group, self.runs_on(group), self.state.node_names) if not self.failed(t)]
        return targets[0] if targets and targets[0] in row else None

    def _moved_within(self, group: Group, row: list[str]) -> bool:
        """In a scenario: the group left its failed node for another node of the same row (drawn as an arrow)."""
        return (self.scenario is not None and group.home in row and self.runs_on(group) in row
                and group.home != self.runs_on(group))

    def _move_lane(self, home_x: float, x: float, top: float, level: int, lane_y: float, lane: int,
                   public_y: float) -> None:
        """From the top of the node it left, up along its own lane, into the gap right of its new place."""
        start_x = home_x + BOX_W - 30 - 9 * lane
        side = x + BOX_W + 6 + 4 * level
        self.canvas.path([(start_x, public_y + 40), (start_x, lane_y), (side, lane_y), (side, top + GROUP_H / 2),
                          (x + BOX_W, top + GROUP_H / 2)], width=2, dash=FAILOVER_DASH, arrow=True)

    def _failover_lane(self, x: float, top: float, level: int, lane_y: float, lane: int, target_x: float,
                       public_y: float) -> None:
        """From the box's right edge down the gap beside it, along its own lane, onto the target node."""
        side = x + BOX_W + 5 + 4 * level
        end_x = target_x + BOX_W - 30 - 9 * lane
        self.canvas.path([(x + BOX_W, top + GROUP_H / 2), (side, top + GROUP_H / 2), (side, lane_y),
                          (end_x, lane_y), (end_x, public_y + 36)], width=1.5, dash=FAILOVER_DASH, arrow=True)

    def _group_box(self, x: float, y: float, group: Group, node: str | None) -> None:
        cluster = group.kind == CLUSTER_KIND
        moved = self.scenario is not None and node is not None and group.home != node
        self.canvas.rect(x, y, BOX_W, GROUP_H, width=3 if moved else 1.5, fill=PAPER if cluster else WASH,
                         dash="4 3" if node is None else "")
        if cluster:
            heading = f"CLUSTER {self.cluster_name}"
            lines = [group.name, shown(self.state.ip, "cluster IP"), "cluster name and address"]
        else:
            ip = next((r.identity for r in self.state.resources_of(group.name) if r.type == "IP Address"), None)
            heading = shown(group.server, f"name of {self._noun()} {group.server_index + 1}")
            lines = [shown(ip, "IP"), f"Group: {group.name}"]
        lines.append(self._where(group, node))
        self._box_text(x, y, heading, lines)

    def _where(self, group: Group, node: str | None) -> str:
        if node is None:
            return "Offline: no node can run it" if self.scenario else "No node to run on"
        if self.scenario is not None and group.home and group.home != node:
            return f"Moved from {group.home}"
        targets = [t for t in failover_targets(group, node, self.state.node_names) if not self.failed(t)]
        if not targets:
            return "No other node left" if self.scenario else "No node to fail over to"
        return f"Failover: {', '.join(targets)}"

    def _noun(self) -> str:
        release = versions.exchange(self.state.exchange)
        return release.server_noun if release else "virtual server"

    def _box_text(self, x: float, y: float, heading: str, lines: list[str]) -> None:
        self.canvas.text(x + 10, y + 20, heading, bold=True, size=13, limit=HEADING_CHARS)
        for number, line in enumerate(lines):
            self.canvas.text(x + 10, y + 20 + (number + 1) * LINE_H, line)

    def _nodes(self, public_y: float, row: list[str]) -> float:
        network = next((n for n in self.state.networks if n.role == "all"), None)
        self.canvas.line(MARGIN, public_y, self.canvas.width - MARGIN, public_y, width=4)
        self.canvas.label(MARGIN, public_y + 18,
                          f"Public network {shown(network.address if network else None, 'public network')} (solid line)")
        top = public_y + 40
        for offset, name in enumerate(row):
            x = self.column_x(offset, len(row))
            self.canvas.line(x + BOX_W / 2, public_y, x + BOX_W / 2, top, width=2)
            self._node_box(x, top, name)
            self.node_top[name] = (x, top)
            self.storage_stubs.append((x + BOX_W, top + NODE_H / 2))
        private_y = top + NODE_H + 30
        self._private_network(private_y, top + NODE_H, row)
        return private_y + 50

    def _node_box(self, x: float, y: float, name: str) -> None:
        node = next(n for n in self.state.nodes if (n.name or n.label) == name)
        running = [g for g in self.groups if g.kind == SERVER_KIND and self.runs_on(g) == name]
        failed = self.failed(name)
        active = bool(running) and not failed
        self.canvas.rect(x, y, BOX_W, NODE_H, width=3 if active else 2, dash="" if active else "6 4",
                         fill=WASH if active else PAPER)
        heading = shown(node.name, f"name of {node.label}")
        private = "none" if node.private_ip is None and self._no_private() else shown(node.private_ip, "private IP")
        self._box_text(x, y, heading, [f"Public {shown(node.public_ip, 'public IP')}", f"Private {private}"])
        if failed:
            role = "FAILED"
            self.canvas.line(x, y, x + BOX_W, y + NODE_H, width=2.5)
            self.canvas.line(x, y + NODE_H, x + BOX_W, y, width=2.5)
        elif active:
            role = "ACTIVE: " + ", ".join(shown(g.server, "name") for g in running)
        else:
            role = "PASSIVE (standby)"
        self.canvas.text(x + 10, y + 20 + 3 * LINE_H + 6, role, bold=True, limit=HEADING_CHARS + 2)

    def _no_private(self) -> bool:
        return not any(n.name == PRIVATE_NETWORK for n in self.state.networks)

    def _private_network(self, y: float, node_bottom: float, row: list[str]) -> None:
        private = next((n for n in self.state.networks if n.name == PRIVATE_NETWORK), None)
        if private is None:
            self.canvas.text(MARGIN, y + 4, "No private (heartbeat) network planned", bold=True)
            return
        for offset, name in enumerate(row):
            node = next(n for n in self.state.nodes if (n.name or n.label) == name)
            if node.private_ip is not None:
                centre = self.column_x(offset, len(row)) + BOX_W / 2 - 30
                self.canvas.line(centre, node_bottom, centre, y, width=2, dash=PRIVATE_DASH)
        self.canvas.line(MARGIN, y, self.canvas.width - MARGIN, y, width=3, dash=PRIVATE_DASH)
        self.canvas.label(MARGIN, y + 18,
                          f"Private network {shown(private.address, 'private network')} (dashed line, heartbeat)")

    def _storage(self, y: float) -> float:
        disks = self.state.disks
        if not disks:
            model = versions.cluster_model(self.state.cluster_type)
            note = ("No shared disks: CCR keeps a copy of the data on each node"
                    if model and not model.shared_storage else "No shared disks planned yet")
            self.canvas.text(MARGIN, y, note, bold=True, limit=90)
            return y + 10
        for x, middle in self.storage_stubs:
            self.canvas.path([(x, middle), (x + GAP / 2, middle), (x + GAP / 2, y)], dash=STORAGE_DASH)
        self.canvas.line(MARGIN, y, self.canvas.width - MARGIN, y, width=3, dash=STORAGE_DASH)
        over = f" over {INTERCONNECT_LABELS[self.state.interconnect]}" if self.state.interconnect else ""
        self.canvas.label(MARGIN, y + 18, f"Shared storage{over} (dotted line)")
        y += 32
        for start in range(0, len(disks), self.columns):
            row = disks[start:start + self.columns]
            for offset, disk in enumerate(row):
                self._disk_box(self.column_x(offset, len(row)), y, disk, start + offset)
            y += DISK_H + GAP
        return y

    def _disk_box(self, x: float, y: float, disk, index: int) -> None:
        quorum = disk.purpose == "quorum"
        self.canvas.rect(x, y, BOX_W, DISK_H, width=3 if quorum else 1.5, radius=10)
        if quorum:
            self.canvas.parts.append(f'<rect x="{x + 3:g}" y="{y + 3:g}" width="14" height="{DISK_H - 6}" '
                                     f'fill="url(#{HATCH_ID})"/>')
        letter = shown(disk.letter, f"letter of disk {index + 1}")
        heading = f"{letter} {disk.label or ''}".strip()
        groups = " + ".join(disk.claims) or "no group yet"
        indent = 22 if quorum else 10
        self.canvas.text(x + indent, y + 20, heading, bold=True, size=13, limit=HEADING_CHARS - 1)
        self.canvas.text(x + indent, y + 20 + LINE_H, f"Group: {groups}", limit=MAX_CHARS - 2)
        self.canvas.text(x + indent, y + 20 + 2 * LINE_H, PURPOSE_LABELS.get(disk.purpose, "[purpose not answered]"),
                         limit=MAX_CHARS - 2)

    def _legend(self, y: float) -> float:
        c = self.canvas
        c.text(MARGIN, y + 4, "Key:", bold=True)
        samples = ((PUBLIC_DASH, 4, "public network"), (PRIVATE_DASH, 3, "private network"),
                   (STORAGE_DASH, 3, "shared storage"),
                   (FAILOVER_DASH, 1.5, "moved on failure" if self.scenario else "fails over to"))
        x = MARGIN + 40
        for dash, width, label in samples:
            c.line(x, y, x + 40, y, width=width, dash=dash, arrow=dash == FAILOVER_DASH)
            c.text(x + 48, y + 4, label)
            x += 170
        y += 22
        c.rect(MARGIN + 40, y - 10, 28, 16, width=3, fill=WASH)
        c.text(MARGIN + 76, y + 3, "active node")
        c.rect(MARGIN + 210, y - 10, 28, 16, width=2, dash="6 4")
        c.text(MARGIN + 246, y + 3, "passive node")
        c.parts.append(f'<rect x="{MARGIN + 380:g}" y="{y - 10:g}" width="28" height="16" '
                       f'fill="url(#{HATCH_ID})" stroke="{INK}" stroke-width="3"/>')
        c.text(MARGIN + 416, y + 3, "quorum disk")
        return y + 10

    # ------------------------------------------------------------ words

    def _title(self) -> str:
        return f"Diagram of the cluster {self.cluster_name} in {self.plan_name}"

    def _description(self) -> str:
        active = {self.runs_on(g) for g in self.groups if g.kind == SERVER_KIND}
        nodes = ", ".join(f"{name} ({'failed' if self.failed(name) else 'active' if name in active else 'passive'})"
                          for name in self.nodes) or "none yet"
        servers = []
        for group in self.state.server_groups:
            ip = next((r.identity for r in self.state.resources_of(group.name) if r.type == "IP Address"), None)
            where = self.runs_on(group)
            servers.append(f"{shown(group.server, 'name')} at {shown(ip, 'IP')} on {where or 'no node'}")
        disks = ", ".join(shown(d.letter, "letter") for d in self.state.disks)
        quorum = self.state.quorum
        return (f"Nodes: {nodes}. Virtual servers: {', '.join(servers) or 'none yet'}. Shared disks: "
                f"{disks or 'none'}. Quorum: {quorum_text(quorum.type, quorum.disk, quorum.witness)}.")
