"""A picture of the planned cluster, drawn on the server as SVG: `render_svg(plan) -> str`.

Readable in black and white: the networks differ by line style (solid public,
dashed private, dotted storage), active nodes by a solid thick outline and the
word ACTIVE, passive ones by a dashed outline, the quorum disk by hatching and
a label. Only presentation attributes are used (no style attribute or element),
so the page's Content-Security-Policy needs nothing for it. Every plan value is
escaped.
"""
from __future__ import annotations

import re
from xml.sax.saxutils import escape, quoteattr

from app.domain.plan.model import MISSING, Plan

from app.domain.runbook.facts import (disk_owners, exchange_label, home_nodes, ordered_nodes, private_network_text, quorum_text,
                    server_group, server_name, shown, windows_label)

MARGIN, GAP = 20, 20
BOX_W, NODE_H, SERVER_H, DISK_H = 210, 100, 84, 70
LINE_H = 16
MAX_CHARS = 27
HEADING_CHARS = 21
MIN_WIDTH = 760
COLUMNS = 4
INK, WASH, PAPER = "#1b1f24", "#e6eef7", "#ffffff"
PUBLIC_DASH, PRIVATE_DASH, STORAGE_DASH = "", "12 6", "2 4"
PURPOSE_LABELS = {"quorum": "QUORUM disk", "exchange": "Exchange data", "msdtc": "MSDTC", "other": "Other use"}
TITLE_ID, DESC_ID, HATCH_ID = "cluster-diagram-title", "cluster-diagram-desc", "cluster-diagram-hatch"
# XML 1.0 forbids most control characters; a plan value may still contain them.
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


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

    def line(self, x1: float, y1: float, x2: float, y2: float, *, width: float = 1.5, dash: str = "") -> None:
        dashed = f' stroke-dasharray="{dash}"' if dash else ""
        self.parts.append(f'<line x1="{x1:g}" y1="{y1:g}" x2="{x2:g}" y2="{y2:g}" stroke="{INK}" '
                          f'stroke-width="{width:g}"{dashed}/>')

    def rect(self, x: float, y: float, w: float, h: float, *, width: float = 1.5, dash: str = "",
             fill: str = PAPER, radius: int = 4) -> None:
        dashed = f' stroke-dasharray="{dash}"' if dash else ""
        self.parts.append(f'<rect x="{x:g}" y="{y:g}" width="{w:g}" height="{h:g}" rx="{radius}" fill="{fill}" '
                          f'stroke="{INK}" stroke-width="{width:g}"{dashed}/>')

    def svg(self, height: int, title: str, description: str) -> str:
        label = quoteattr(clean(title))
        defs = (f'<defs><pattern id="{HATCH_ID}" width="8" height="8" patternUnits="userSpaceOnUse" '
                f'patternTransform="rotate(45)"><line x1="0" y1="0" x2="0" y2="8" stroke="{INK}" '
                'stroke-width="2"/></pattern></defs>')
        return (f'<svg xmlns="http://www.w3.org/2000/svg" class="cluster-diagram" role="img" aria-label={label} '
                f'aria-describedby="{DESC_ID}" width="{self.width}" height="{height}" '
                f'viewBox="0 0 {self.width} {height}" font-family="DejaVu Sans, Arial, Helvetica, sans-serif">'
                f'<title id="{TITLE_ID}">{escape(clean(title))}</title>'
                f'<desc id="{DESC_ID}">{escape(clean(description))}</desc>'
                f'{defs}<rect x="0" y="0" width="{self.width}" height="{height}" fill="{PAPER}"/>'
                + "".join(self.parts + self.labels) + "</svg>")


def render_svg(plan: Plan) -> str:
    drawing = _Diagram(plan)
    return drawing.draw()


def rows_of(items: list, size: int) -> list[list]:
    return [items[start:start + size] for start in range(0, len(items), size)] or [[]]


class _Diagram:
    """Lays the drawing out top to bottom: header, virtual servers, public network, nodes, private
    network, shared storage, key. Rows hold at most COLUMNS boxes so big clusters stay legible on paper;
    connectors of wrapped rows run in the gaps between boxes so they never cross one."""

    def __init__(self, plan: Plan):
        self.plan = plan
        self.nodes = ordered_nodes(plan)
        self.servers = plan.virtual_server_list
        self.homes = home_nodes(plan)
        self.active = {name: index for index, name in self.homes.items()}
        self.columns = min(COLUMNS, max(len(self.nodes), len(self.servers) + 1, len(plan.disk_list), 3))
        width = max(MIN_WIDTH, 2 * MARGIN + self.columns * BOX_W + (self.columns - 1) * GAP)
        self.canvas = _Canvas(width)
        self.cluster_name = shown(plan.cluster.name, "cluster name")
        self.storage_stubs: list[tuple[float, float]] = []

    def _row_width(self, rows: list[list]) -> int:
        """A lone row is centred; wrapped rows share the full grid so their connectors line up."""
        return len(rows[0]) if len(rows) == 1 else self.columns

    def column_x(self, index: int, count: int) -> float:
        """Centres a row of `count` boxes across the drawing."""
        row = count * BOX_W + (count - 1) * GAP
        return (self.canvas.width - row) / 2 + index * (BOX_W + GAP)

    def draw(self) -> str:
        y = self._header(MARGIN)
        y = self._servers(y)
        y = self._node_rows(y)
        y = self._storage(y + 20)
        y = self._legend(y + 16)
        return self.canvas.svg(int(y + MARGIN), self._title(), self._description())

    # ------------------------------------------------------------ parts

    def _header(self, y: float) -> float:
        cluster_ip = shown(self.plan.cluster.ip, "cluster IP")
        self.canvas.text(MARGIN, y + 16, f"Cluster {self.cluster_name} ({cluster_ip})", size=16, bold=True,
                         limit=90)
        self.canvas.text(MARGIN, y + 36, f"{exchange_label(self.plan)} on {windows_label(self.plan)}", limit=110)
        self.canvas.text(MARGIN, y + 54, f"Quorum: {quorum_text(self.plan)}", limit=110)
        return y + 70

    def _servers(self, y: float) -> float:
        """The cluster name and the virtual servers; returns where the public network runs."""
        kind = "clustered mailbox servers" if self.plan.is_2007 else "Exchange virtual servers"
        self.canvas.text(MARGIN, y + 12, f"The cluster name and the {kind} (virtual: they move between nodes)",
                         italic=True, limit=110)
        top = y + 22
        boxes = [None] + list(enumerate(self.servers))
        rows = rows_of(boxes, self.columns)
        anchors = []
        for number, row in enumerate(rows):
            row_top = top + number * (SERVER_H + GAP)
            for offset, box in enumerate(row):
                x = self.column_x(offset, self._row_width(rows))
                self._cluster_box(x, row_top) if box is None else self._server_box(x, row_top, *box)
                anchors.append((x, row_top))
        public_y = top + len(rows) * (SERVER_H + GAP) - GAP + 20
        for x, row_top in anchors:
            if len(rows) == 1:
                self.canvas.line(x + BOX_W / 2, row_top + SERVER_H, x + BOX_W / 2, public_y)
            else:
                self._elbow(x, row_top + SERVER_H / 2, x - GAP / 2, public_y)
        return public_y

    def _elbow(self, x: float, y: float, bend_x: float, end_y: float, dash: str = "", width: float = 1.5) -> None:
        self.canvas.line(x, y, bend_x, y, width=width, dash=dash)
        self.canvas.line(bend_x, y, bend_x, end_y, width=width, dash=dash)

    def _cluster_box(self, x: float, y: float) -> None:
        self.canvas.rect(x, y, BOX_W, SERVER_H, width=1.5)
        lines = ["Cluster Group", shown(self.plan.cluster.ip, "cluster IP"), "cluster name and address"]
        self._box_text(x, y, f"CLUSTER {self.cluster_name}", lines)

    def _server_box(self, x: float, y: float, index: int, server) -> None:
        self.canvas.rect(x, y, BOX_W, SERVER_H, width=1.5, fill=WASH)
        home = self.homes.get(index)
        lines = [shown(server.ip, "IP"), f"Group: {server_group(self.plan, server, index)}",
                 f"Runs on {home}" if home else "No node to run on"]
        self._box_text(x, y, server_name(server, index), lines)

    def _box_text(self, x: float, y: float, heading: str, lines: list[str]) -> None:
        self.canvas.text(x + 10, y + 20, heading, bold=True, size=13, limit=HEADING_CHARS)
        for number, line in enumerate(lines):
            self.canvas.text(x + 10, y + 20 + (number + 1) * LINE_H, line)

    def _node_rows(self, public_y: float) -> float:
        """Each row of nodes sits between a public and a private network line; returns the bottom."""
        network = shown(self.plan.cluster.public_network, "public network")
        rows = rows_of(self.nodes, self.columns)
        y = public_y
        for number, row in enumerate(rows):
            self.canvas.line(MARGIN, y, self.canvas.width - MARGIN, y, width=4)
            suffix = "(solid line)" if number == 0 else "(solid line, continued)"
            self.canvas.label(MARGIN, y + 18, f"Public network {network} {suffix}")
            top = y + 40
            if not row:
                self.canvas.text(self.canvas.width / 2, top + 30, "No nodes planned yet", anchor="middle", bold=True)
            for offset, ref in enumerate(row):
                x = self.column_x(offset, self._row_width(rows))
                self.canvas.line(x + BOX_W / 2, y, x + BOX_W / 2, top, width=2)
                self._node_box(x, top, ref)
                self.storage_stubs.append((x + BOX_W, top + NODE_H / 2))
            private_y = top + NODE_H + 30
            self._private_network(private_y, top + NODE_H, row, self._row_width(rows))
            y = private_y + 50
        return y - 30

    def _node_box(self, x: float, y: float, ref) -> None:
        server = self.active.get(ref.name) if ref.has_name else None
        active = server is not None
        self.canvas.rect(x, y, BOX_W, NODE_H, width=3 if active else 2, dash="" if active else "6 4",
                         fill=WASH if active else PAPER)
        node = ref.node
        private = "none" if node.private_ip is None else shown(node.private_ip, "private IP")
        role = f"ACTIVE: {server_name(self.servers[server], server)}" if active else "PASSIVE (standby)"
        lines = [f"Public {shown(node.public_ip, 'public IP')}", f"Private {private}"]
        self._box_text(x, y, ref.name, lines)
        self.canvas.text(x + 10, y + 20 + 3 * LINE_H + 6, role, bold=True, limit=HEADING_CHARS + 2)

    def _private_network(self, y: float, node_bottom: float, row: list, width: int) -> None:
        if self.plan.cluster.private_network is None:
            self.canvas.text(MARGIN, y + 4, "No private (heartbeat) network planned", bold=True)
            return
        for offset, ref in enumerate(row):
            if ref.node.private_ip is not None:
                centre = self.column_x(offset, width) + BOX_W / 2 - 30
                self.canvas.line(centre, node_bottom, centre, y, width=2, dash=PRIVATE_DASH)
        self.canvas.line(MARGIN, y, self.canvas.width - MARGIN, y, width=3, dash=PRIVATE_DASH)
        network = private_network_text(self.plan)
        self.canvas.label(MARGIN, y + 18, f"Private network {network} (dashed line, heartbeat)")

    def _storage(self, y: float) -> float:
        disks = self.plan.disk_list
        if not disks:
            note = ("No shared disks: CCR keeps a copy of the data on each node"
                    if self.plan.exchange.cluster_type == "ccr" else "No shared disks planned yet")
            self.canvas.text(MARGIN, y, note, bold=True, limit=90)
            return y + 10
        for x, middle in self.storage_stubs:
            self._elbow(x, middle, x + GAP / 2, y, dash=STORAGE_DASH)
        self.canvas.line(MARGIN, y, self.canvas.width - MARGIN, y, width=3, dash=STORAGE_DASH)
        self.canvas.label(MARGIN, y + 18, f"Shared storage{self._interconnect()} (dotted line)")
        return self._disk_rows(y + 32, disks)

    def _interconnect(self) -> str:
        value = self.plan.cluster.storage_interconnect
        labels = {"scsi": "SCSI", "fibre-channel": "Fibre Channel", "iscsi": "iSCSI", "sas": "SAS"}
        return f" over {labels[value]}" if value is not MISSING else ""

    def _disk_rows(self, y: float, disks: list) -> float:
        owners = disk_owners(self.plan)
        per_row = self.columns
        for start in range(0, len(disks), per_row):
            row = disks[start:start + per_row]
            for offset, disk in enumerate(row):
                self._disk_box(self.column_x(offset, len(row)), y, disk, start + offset, owners)
            y += DISK_H + GAP
        return y

    def _disk_box(self, x: float, y: float, disk, index: int, owners: dict) -> None:
        quorum = disk.purpose == "quorum"
        self.canvas.rect(x, y, BOX_W, DISK_H, width=3 if quorum else 1.5, radius=10)
        if quorum:
            self.canvas.parts.append(f'<rect x="{x + 3:g}" y="{y + 3:g}" width="14" height="{DISK_H - 6}" '
                                     f'fill="url(#{HATCH_ID})"/>')
        letter = shown(disk.letter, f"letter of disk {index + 1}")
        label = disk.label if isinstance(disk.label, str) and disk.label.strip() else ""
        heading = f"{letter} {label}".strip()
        group = " + ".join(owners.get(letter.upper(), [])) or "no group yet"
        purpose = PURPOSE_LABELS.get(disk.purpose, "[purpose not answered]")
        indent = 22 if quorum else 10
        self.canvas.text(x + indent, y + 20, heading, bold=True, size=13, limit=HEADING_CHARS - 1)
        self.canvas.text(x + indent, y + 20 + LINE_H, f"Group: {group}", limit=MAX_CHARS - 2)
        self.canvas.text(x + indent, y + 20 + 2 * LINE_H, purpose, limit=MAX_CHARS - 2)

    def _legend(self, y: float) -> float:
        c = self.canvas
        c.text(MARGIN, y + 4, "Key:", bold=True)
        samples = ((PUBLIC_DASH, 4, "public network"), (PRIVATE_DASH, 3, "private network"),
                   (STORAGE_DASH, 3, "shared storage"))
        x = MARGIN + 40
        for dash, width, label in samples:
            c.line(x, y, x + 40, y, width=width, dash=dash)
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
        name = self.plan.name if isinstance(self.plan.name, str) and self.plan.name.strip() else "the plan"
        return f"Diagram of the cluster {self.cluster_name} in {name}"

    def _description(self) -> str:
        nodes = ", ".join(f"{ref.name} ({'active' if ref.name in self.active else 'passive'})"
                          for ref in self.nodes) or "none yet"
        servers = ", ".join(f"{server_name(s, i)} at {shown(s.ip, 'IP')}" for i, s in enumerate(self.servers))
        disks = ", ".join(shown(d.letter, "letter") for d in self.plan.disk_list)
        return (f"Nodes: {nodes}. Virtual servers: {servers or 'none yet'}. Shared disks: {disks or 'none'}. "
                f"Quorum: {quorum_text(self.plan)}.")
