"""Turns a plan into its runbook: `build_checklist(plan) -> Checklist`.

Pure and total: any plan, ready or not, gives a checklist. The phases follow
shared/spec/checklist.md; items that do not apply to the plan's versions are
left out, and an unanswered value shows as a placeholder in the item's text.
An item's id is phase + subject + action ("p3.node.EXNODE1.install-exchange"),
so a tick stays attached to the same piece of work when the plan is edited.
"""
from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass, field

from app.domain.cluster import evidence as ev
from app.domain.cluster.state import MSDTC, PHYSICAL_DISK, SYSTEM_ATTENDANT, BY_EXCHANGE, intended_state
from app.domain.plan import vocab
from app.domain.plan.model import MISSING, Plan, required_prerequisites

from app.domain.runbook.facts import (NodeRef, home_nodes, key_of, msdtc_group, netmask, ordered_nodes, private_network_text,
                    quorum_disk, quorum_text, server_disks, server_group, server_label, server_name, shown,
                    shown_list)

PHASE_TITLES = {
    1: "Active Directory preparation",
    2: "Cluster service",
    3: "Exchange on each node",
    4: "Virtual servers",
    5: "Verification",
}
PHASE_INTROS = {
    1: "Prepare the forest and the domain for Exchange, and make sure DNS will hold the cluster's names.",
    2: "Build the Windows cluster the Exchange servers will run on, one node at a time.",
    3: "Install Exchange on one node at a time, in the planned order; never start the next node early.",
    4: "Create the resources of each Exchange virtual server in Cluster Administrator, in this order.",
    5: "Prove that every group fails over and that clients find each server by name.",
}
PHASE_4_TITLE_2007 = "Clustered mailbox servers"
PHASE_4_INTRO_2007 = ("Exchange 2007 setup creates every resource of a clustered mailbox server; "
                      "here you only check them (and, for a single copy cluster, add the disks).")

NODE, SERVER, CLUSTER = "node", "virtual-server", "cluster"
EX2000_2003 = ("2000", "2003")


@dataclass(frozen=True)
class Item:
    id: str
    phase: int
    title: str
    detail: str = ""
    command: str = ""
    console: str = ""
    target: str | None = None
    target_kind: str | None = None
    run_by: str = ""
    rule_ids: tuple[str, ...] = ()
    # What the item brings about in the intended cluster state, as keys of app/domain/cluster/evidence.py;
    # a capture of the real cluster that proves every key proves the item done. Not part of `text`.
    evidence: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        """What a person acts on; when it changes, an earlier tick is flagged as stale."""
        parts = (self.title, self.detail, self.command, self.console, self.run_by, self.target or "")
        return "\n".join(part for part in parts if part)

    @property
    def text_hash(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    @property
    def anchor(self) -> str:
        """An HTML id safe for any name the plan may contain."""
        return "item-" + hashlib.sha1(self.id.encode("utf-8")).hexdigest()[:12]

    @property
    def commands(self) -> list[str]:
        return [line for line in self.command.split("\n") if line]


@dataclass(frozen=True)
class Phase:
    number: int
    title: str
    intro: str
    items: tuple[Item, ...]

    @property
    def key(self) -> str:
        return f"p{self.number}"


@dataclass(frozen=True)
class Checklist:
    phases: tuple[Phase, ...]
    node_names: tuple[str, ...] = field(default=())

    @property
    def items(self) -> list[Item]:
        return [item for phase in self.phases for item in phase.items]

    def get(self, item_id: str) -> Item | None:
        return next((item for item in self.items if item.id == item_id), None)

    def for_node(self, name: str) -> "Checklist":
        """Only the work done at that node's console."""
        phases = []
        for phase in self.phases:
            items = tuple(i for i in phase.items if i.target_kind == NODE and i.target == name)
            if items:
                phases.append(Phase(phase.number, phase.title, phase.intro, items))
        return Checklist(tuple(phases), (name,))


def build_checklist(plan: Plan) -> Checklist:
    builder = _Builder(plan)
    phases = tuple(builder.phase(number) for number in PHASE_TITLES)
    names = tuple(ref.name for ref in builder.nodes if ref.has_name)
    return Checklist(_unique_ids(phases), tuple(dict.fromkeys(names)))


def _unique_ids(phases: tuple[Phase, ...]) -> tuple[Phase, ...]:
    """Two nodes with the same name (a plan error) must still give distinct ids."""
    seen: dict[str, int] = {}
    result = []
    for phase in phases:
        items = []
        for item in phase.items:
            count = seen.get(item.id, 0) + 1
            seen[item.id] = count
            items.append(item if count == 1 else _with_id(item, f"{item.id}~{count}"))
        result.append(Phase(phase.number, phase.title, phase.intro, tuple(items)))
    return tuple(result)


def _with_id(item: Item, new_id: str) -> Item:
    return dataclasses.replace(item, id=new_id)


class _Builder:
    """Holds what every phase needs to read off the plan; one method per piece of work."""

    def __init__(self, plan: Plan):
        self.plan = plan
        self.exchange = plan.exchange.version
        self.windows = plan.windows.version
        self.nodes = ordered_nodes(plan)
        self.cluster_name = shown(plan.cluster.name, "cluster name")
        self.domain = shown(plan.active_directory.domain, "domain")
        self.forest = shown(plan.active_directory.forest_root_domain, "forest root domain")
        self.tool = "Failover Cluster Management" if self.windows in ("2008", "2008r2") else "Cluster Administrator"
        self.state = intended_state(plan)
        self.items: list[Item] = []
        self.current = 0

    def phase(self, number: int) -> Phase:
        self.current, self.items = number, []
        getattr(self, f"_phase{number}")()
        title, intro = PHASE_TITLES[number], PHASE_INTROS[number]
        if number == 4 and self.exchange == "2007":
            title, intro = PHASE_4_TITLE_2007, PHASE_4_INTRO_2007
        return Phase(number, title, intro, tuple(self.items))

    def add(self, subject: str, action: str, title: str, **fields) -> None:
        self.items.append(Item(f"p{self.current}.{subject}.{action}", self.current, title, **fields))

    def add_for_node(self, ref: NodeRef, action: str, title: str, **fields) -> None:
        self.add(f"node.{ref.key}", action, title, target=ref.name, target_kind=NODE, **fields)

    @property
    def first_node(self) -> str:
        return self.nodes[0].name if self.nodes else "[first node not answered]"

    @property
    def classic(self) -> bool:
        return self.exchange in EX2000_2003

    # ------------------------------------------------------------ phase 1

    def _phase1(self) -> None:
        if self.classic:
            self._forestprep_domainprep()
        elif self.exchange == "2007":
            self._prepare_2007()
        else:
            self.add("forest", "prepare", "Prepare the forest and the domain for Exchange "
                     "[Exchange version not answered]",
                     detail="Exchange 2000 and 2003 use ForestPrep and DomainPrep; Exchange 2007 uses "
                            "PrepareSchema, PrepareAD and PrepareDomain.",
                     target=self.forest, target_kind="forest",
                     run_by="Schema Admins and Enterprise Admins for the forest, Domain Admins for the domain")
        self._dns()

    def _forestprep_domainprep(self) -> None:
        ad = self.plan.active_directory
        if ad.forestprep_done is not True:
            self.add("forest", "forestprep", f"Run ForestPrep once in the forest {self.forest}",
                     command="setup /forestprep", target=self.forest, target_kind="forest",
                     detail=f"Use the Exchange {self.exchange} media. When it has finished, wait until the "
                            "schema and configuration changes have replicated to every domain controller "
                            "before you run DomainPrep.",
                     run_by=f"An account in Schema Admins and Enterprise Admins of {self.forest}",
                     rule_ids=("ad-forestprep-rights",))
        if ad.domainprep_done is not True:
            self.add("domain", "domainprep", f"Run DomainPrep in the domain {self.domain}",
                     command="setup /domainprep", target=self.domain, target_kind="domain",
                     detail="Run it in the domain the cluster nodes belong to.",
                     run_by=f"A member of Domain Admins in {self.domain}",
                     rule_ids=("ad-domainprep-rights", "nodes-same-domain"))

    def _prepare_2007(self) -> None:
        self.add("forest", "prepare-schema", f"Extend the schema of the forest {self.forest} for Exchange 2007",
                 command="setup.com /PrepareSchema", target=self.forest, target_kind="forest",
                 detail="Run it once, then let the change replicate before the next step.",
                 run_by=f"An account in Schema Admins and Enterprise Admins of {self.forest}")
        self.add("forest", "prepare-ad", f"Prepare the Exchange organisation in the forest {self.forest}",
                 command="setup.com /PrepareAD", target=self.forest, target_kind="forest",
                 detail="For a new Exchange organisation add /OrganizationName: with its name.",
                 run_by=f"An account in Enterprise Admins of {self.forest}")
        self.add("domain", "prepare-domain", f"Prepare the domain {self.domain}",
                 command="setup.com /PrepareDomain", target=self.domain, target_kind="domain",
                 detail="Run it in the domain the cluster nodes belong to.",
                 run_by=f"A member of Domain Admins in {self.domain}", rule_ids=("nodes-same-domain",))

    def _dns(self) -> None:
        ad = self.plan.active_directory
        servers = shown_list(ad.dns_servers, "DNS servers", "[no DNS server planned]")
        if self.exchange == "2007" and ad.dns_dynamic_updates is False:
            self._manual_a_records(servers)
            return
        detail = ("The Network Name resources register the cluster's and the virtual servers' names there; "
                  "without dynamic updates they cannot come online.")
        if ad.dns_dynamic_updates is False:
            detail += " The plan says they are refused: turn dynamic updates on before going further."
        self.add("dns", "confirm-dynamic-updates",
                 f"Confirm that the DNS servers {servers} accept dynamic updates for {self.domain}",
                 detail=detail, run_by=f"A DNS administrator of {self.domain}",
                 rule_ids=("dns-server-present", "dns-dynamic-updates"))

    def _manual_a_records(self, servers: str) -> None:
        run_by = f"A DNS administrator of {self.domain}"
        detail = f"The DNS servers ({servers}) do not accept dynamic updates, so the record must be made by hand."
        cluster_ip = shown(self.plan.cluster.ip, "cluster IP")
        self.add("cluster", "dns-a-record", f"Create the A record {self.cluster_name} -> {cluster_ip} "
                 f"in {self.domain}", detail=detail, run_by=run_by, target=self.cluster_name,
                 target_kind=CLUSTER, rule_ids=("dns-dynamic-updates",))
        for index, server in enumerate(self.plan.virtual_server_list):
            name = server_name(server, index)
            ip = shown(server.ip, f"IP of {server_label(server, index)}")
            self.add(f"vs.{key_of(server.name, index)}", "dns-a-record",
                     f"Create the A record {name} -> {ip} in {self.domain}", detail=detail, run_by=run_by,
                     target=name, target_kind=SERVER, rule_ids=("dns-dynamic-updates",))

    # ------------------------------------------------------------ phase 2

    def _phase2(self) -> None:
        for ref in self.nodes:
            self._prepare_node(ref)
        self._create_cluster()
        for ref in self.nodes[1:]:
            self.add_for_node(ref, "join-cluster", f"On {ref.name}, join the cluster {self.cluster_name}",
                              detail="Add this node only; wait until it shows as up in the cluster "
                                     "before the next node joins.",
                              run_by=self._cluster_admin(),
                              rule_ids=("nodes-max-for-edition", "hardware-certified", "nodes-identical-hardware"),
                              evidence=(ev.node_key(ref.name),) if ref.has_name else ())
        if self.classic:
            self._msdtc()

    def _prepare_node(self, ref: NodeRef) -> None:
        node, name = ref.node, ref.name
        local_admin = f"A local administrator of {name}"
        self.add_for_node(ref, "configure-network", f"Give {name} its static addresses",
                          detail=self._network_detail(ref), run_by=local_admin,
                          rule_ids=("net-private-network", "net-subnets-distinct", "ip-in-subnet", "ip-unique",
                                    "ip-host-address"))
        domain = shown(node.domain, f"domain of {ref.label}")
        self.add_for_node(ref, "join-domain", f"Join {name} to the domain {domain}",
                          detail=f"Every node must be a member of {self.domain}.",
                          run_by=f"{local_admin}, with a domain account allowed to join computers",
                          rule_ids=("nodes-same-domain",))
        detail = "It must stay a member server: clustered Exchange is not supported on a domain controller."
        if node.domain_controller is True:
            detail += " The plan says it is one: move its roles elsewhere and demote it (dcpromo) first."
        self.add_for_node(ref, "not-domain-controller", f"Confirm that {name} is not a domain controller",
                          detail=detail, run_by=local_admin, rule_ids=("nodes-not-domain-controllers",))
        self.add_for_node(ref, "prerequisites", f"Enable on {name}: {self._prerequisites()}",
                          detail="Install and start these Windows components before any Exchange setup.",
                          run_by=local_admin, rule_ids=("node-prerequisites",))
        if self.windows in ("2000", "2003", MISSING):
            account = shown(self.plan.cluster.service_account, "cluster service account")
            self.add_for_node(ref, "service-account-admin",
                              f"Add {account} to the local Administrators group of {name}",
                              detail="The cluster service runs under this domain account on every node.",
                              run_by=local_admin, rule_ids=("cluster-account-local-admin",))

    def _network_detail(self, ref: NodeRef) -> str:
        node, cluster = ref.node, self.plan.cluster
        public = (f"Public adapter: {shown(node.public_ip, f'public IP of {ref.label}')} on "
                  f"{shown(cluster.public_network, 'public network')}, with the default gateway and DNS servers.")
        if node.private_ip is None or cluster.private_network is None:
            return public + " Private adapter: none planned (the cluster heartbeat needs one)."
        private = (f" Private adapter: {shown(node.private_ip, f'private IP of {ref.label}')} on "
                   f"{private_network_text(self.plan)}, with no default gateway and no DNS servers.")
        return public + private

    def _prerequisites(self) -> str:
        keys = required_prerequisites(self.plan)
        if not keys:
            return "[Exchange and Windows versions not answered]"
        return ", ".join(vocab.PREREQUISITE_LABELS[key] for key in keys)

    def _create_cluster(self) -> None:
        cluster = self.plan.cluster
        detail = f"Quorum: {quorum_text(self.plan)}."
        if self.windows in ("2000", "2003", MISSING):
            detail += f" Service account: {shown(cluster.service_account, 'cluster service account')}."
        if self.windows in ("2000", "2003"):
            detail += " Keep the other nodes off the shared storage until this node owns it."
        target_kind = NODE if self.nodes else None
        self.add(f"node.{self.nodes[0].key}" if self.nodes else "cluster", "create-cluster",
                 f"On {self.first_node}, create the cluster {self.cluster_name} with the address "
                 f"{shown(cluster.ip, 'cluster IP')}",
                 detail=detail, console=self._create_console(), target=self.first_node,
                 target_kind=target_kind, run_by=self._cluster_admin(),
                 rule_ids=("cluster-before-exchange", "quorum-type-for-windows", "quorum-disk-defined",
                           "name-netbios-length", "name-netbios-chars", "setup-node-order"),
                 evidence=self._cluster_evidence())

    def _cluster_evidence(self) -> tuple[str, ...]:
        """The first node, the Cluster Group with the cluster's address and name, and the quorum resource."""
        state = self.state
        first = (ev.node_key(self.nodes[0].name),) if self.nodes and self.nodes[0].has_name else ()
        made = [state.resource(name) for name in ("Cluster IP Address", "Cluster Name", state.quorum.resource)
                if name]
        return (*first, ev.group_key(vocab.DEFAULT_CLUSTER_GROUP), *ev.resources_evidence(r for r in made if r))

    def _create_console(self) -> str:
        if self.windows == "2000":
            return "Add/Remove Programs › Windows Components › Cluster Service"
        if self.windows == "2003":
            return "Cluster Administrator › File › New › Cluster"
        if self.windows in ("2008", "2008r2"):
            return "Failover Cluster Management › Create a Cluster"
        return ""

    def _cluster_admin(self) -> str:
        return "A domain account in the local Administrators group of every node"

    def _msdtc(self) -> None:
        rules = ("msdtc-before-setup", "msdtc-default-group")
        if self.windows == "2000":
            previous = None
            for ref in self.nodes:
                detail = ("Run it here first and let it finish." if previous is None
                          else f"Only after it has finished on {previous}.")
                self.add_for_node(ref, "comclust", f"On {ref.name}, run comclust.exe to cluster MSDTC",
                                  command="comclust.exe", detail=detail + " MSDTC must exist before Exchange setup.",
                                  run_by=self._cluster_admin(), rule_ids=rules)
                previous = ref.name
            return
        group = msdtc_group(self.plan)
        disk = self._msdtc_disk()
        title = f"Create the Distributed Transaction Coordinator resource in {group}"
        if self.windows is MISSING:
            title += " [Windows version not answered]"
        self.add("cluster", "create-msdtc", title, target=self.cluster_name, target_kind=CLUSTER,
                 console="Cluster Administrator › File › New › Resource",
                 detail=f"Make it depend on the Network Name {self.cluster_name} and the Physical Disk {disk}, "
                        "then bring it online. One per cluster, before any Exchange setup. "
                        "(On Windows 2000, comclust.exe on each node in turn does this instead.)",
                 run_by=self._cluster_admin(), rule_ids=rules, evidence=self._msdtc_evidence())

    def _msdtc_evidence(self) -> tuple[str, ...]:
        resource = next((r for r in self.state.resources if r.type == MSDTC), None)
        if resource is None:
            return ()
        own_group = (ev.group_key(resource.group),) if resource.group != vocab.DEFAULT_CLUSTER_GROUP else ()
        return (*own_group, *ev.resource_evidence(resource))

    def _msdtc_disk(self) -> str:
        dtc = next((d.letter for d in self.plan.disk_list if d.purpose == "msdtc" and isinstance(d.letter, str)),
                   None)
        return dtc or quorum_disk(self.plan) or "[MSDTC disk not planned]"

    # ------------------------------------------------------------ phase 3

    def _phase3(self) -> None:
        active = {name: index for index, name in home_nodes(self.plan).items()} if self.exchange == "2007" else {}
        for ref in self.nodes:
            self.add_for_node(ref, "move-groups-off", f"Move every cluster group off {ref.name}",
                              console=f"{self.tool} › group › Move",
                              detail="While setup runs, this node must own no cluster resources.",
                              run_by=self._cluster_admin(), rule_ids=("node-free-of-resources",))
            if self.exchange == "2007":
                self._install_2007(ref, active.get(ref.name))
            else:
                self._install_classic(ref)
                self._service_pack(ref)

    def _service_pack(self, ref: NodeRef) -> None:
        """Exchange 2000/2003 service packs are separate installs, node by node like setup itself."""
        sp = self.plan.exchange.service_pack
        if not isinstance(sp, int) or sp < 1:
            return
        self.add_for_node(ref, "install-service-pack", f"On {ref.name}, install Exchange {self.exchange} SP{sp}",
                          command="update.exe",
                          detail="Run the service pack's update.exe on this node only, after its Exchange setup "
                                 "finished and before the next node starts.",
                          run_by=f"An Exchange Full Administrator who is a local administrator of {ref.name}",
                          rule_ids=("setup-one-node-at-a-time",))

    def _binaries(self, ref: NodeRef) -> str:
        return shown(ref.node.binaries_drive, f"binaries drive of {ref.label}")

    def _install_classic(self, ref: NodeRef) -> None:
        version = self.exchange if self.classic else "[Exchange version not answered]"
        self.add_for_node(ref, "install-exchange", f"On {ref.name}, install Exchange {version} from the media",
                          command="setup.exe" if self.classic else "",
                          detail=f"Put the binaries on {self._binaries(ref)}, the same local drive on every node "
                                 "and never a shared disk. Run setup on this node only and let it finish "
                                 "before the next node starts.",
                          run_by=f"An Exchange Full Administrator who is a local administrator of {ref.name}",
                          rule_ids=("setup-one-node-at-a-time", "setup-attended-only", "binaries-local-drive",
                                    "binaries-same-drive", "nodes-same-exchange-version",
                                    "setup-account-exchange-admin", "msdtc-before-setup", "setup-node-order"))

    def _install_2007(self, ref: NodeRef, cms_index: int | None) -> None:
        rules = ("setup-one-node-at-a-time", "setup-attended-only", "binaries-local-drive", "binaries-same-drive",
                 "nodes-same-exchange-version", "exchange2007-mailbox-role-only", "cms-passive-node",
                 "setup-node-order")
        drive = self._binaries(ref)
        detail = f"Binaries on {drive}, the same local drive on every node."
        if drive.upper() != "C:" and not drive.startswith("["):
            detail += f" Add /TargetDir:\"{drive}\\Program Files\\Microsoft\\Exchange Server\" to the command."
        run_by = f"An Exchange Organization Administrator who is a local administrator of {ref.name}"
        if cms_index is None:
            self.add_for_node(ref, "install-exchange", f"On {ref.name}, install the passive Mailbox role",
                              command="setup.com /mode:install /roles:Mailbox", run_by=run_by,
                              detail=detail + " Let it finish before the next node starts.", rule_ids=rules)
            return
        server = self.plan.virtual_server_list[cms_index]
        name = server_name(server, cms_index)
        detail += (" A clustered mailbox server is later moved with Move-ClusteredMailboxServer, "
                   "not with the cluster tools.")
        self.add_for_node(ref, "install-exchange",
                          f"On {ref.name}, install the active Mailbox role and create the clustered mailbox "
                          f"server {name}", command=self._new_cms_command(server, cms_index), run_by=run_by,
                          detail=detail, rule_ids=rules + ("sa-resources-automatic",))

    def _new_cms_command(self, server, index: int) -> str:
        name, label = server_name(server, index), server_label(server, index)
        command = (f"setup.com /mode:install /roles:Mailbox /NewCms /CMSName:{name} "
                   f"/CMSIPAddress:{shown(server.ip, f'IP of {label}')}")
        if self.plan.exchange.cluster_type == "scc":
            disks = server_disks(server)
            folder = f"{disks[0]}\\{label}" if disks else f"[shared disk of {label} not answered]"
            command += f" /CMSSharedStorage /CMSDataPath:{folder}"
        return command

    # ------------------------------------------------------------ phase 4

    def _phase4(self) -> None:
        if self.exchange == "2007":
            for index, server in enumerate(self.plan.virtual_server_list):
                self._check_cms(index, server)
            return
        if self.exchange == "2000":
            self._delegate_service_account()
        for index, server in enumerate(self.plan.virtual_server_list):
            self._virtual_server(index, server)

    def _delegate_service_account(self) -> None:
        account = shown(self.plan.cluster.service_account, "cluster service account")
        self.add("cluster", "service-account-exchange-admin",
                 f"Give {account} the Exchange Full Administrator role",
                 console="Exchange System Manager › organisation › Delegate Control",
                 detail="Exchange 2000 virtual servers run under the cluster service account; "
                        "do this before creating the first one.",
                 target=self.cluster_name, target_kind=CLUSTER,
                 run_by="An Exchange Full Administrator of the organisation",
                 rule_ids=("cluster-account-exchange-admin",))

    def _check_cms(self, index: int, server) -> None:
        name = server_name(server, index)
        subject = f"vs.{key_of(server.name, index)}"
        self.add(subject, "check-resources", f"Check the resources setup created for {name}",
                 detail="Setup created the group and every resource of the clustered mailbox server; "
                        "create nothing by hand.",
                 target=name, target_kind=SERVER, run_by=self._cluster_admin(),
                 rule_ids=("sa-resources-automatic",), evidence=self._cms_evidence(index))
        if self.plan.exchange.cluster_type == "scc":
            self._add_cms_disks(subject, server, index)

    def _cms_evidence(self, index: int) -> tuple[str, ...]:
        group = ev.server_group(self.state, index)
        if group is None:
            return ()
        made = [r for r in self.state.resources_of(group.name) if r.type != PHYSICAL_DISK]
        return (ev.group_key(group.name), *ev.resources_evidence(made))

    def _disk_evidence(self, index: int) -> tuple[str, ...]:
        group = ev.server_group(self.state, index)
        disks = self.state.of_type(group.name, PHYSICAL_DISK) if group else ()
        return tuple(ev.resource_key(disk.name) for disk in disks)

    def _add_cms_disks(self, subject: str, server, index: int) -> None:
        name = server_name(server, index)
        disks = server_disks(server)
        common = {"target": name, "target_kind": SERVER, "run_by": self._cluster_admin(),
                  "console": f"{self.tool} › Physical Disk resource › Change Group",
                  "rule_ids": ("evs-has-disk", "evs-disk-exists", "disk-one-owner"),
                  "evidence": self._disk_evidence(index)}
        if len(disks) <= 1:
            disk = disks[0] if disks else f"[disk of {server_label(server, index)} not answered]"
            self.add(subject, "add-disks", f"Confirm that the disk {disk} is in the group of {name}",
                     detail="Setup puts the disk holding the data path into the group; check it is there.", **common)
            return
        self.add(subject, "add-disks", f"Add the disks {', '.join(disks[1:])} to the group of {name}",
                 detail=f"Setup put {disks[0]} (the data path) into the group; move every other Physical Disk "
                        "resource of the clustered mailbox server there too, so the disks fail over with it.",
                 **common)

    def _virtual_server(self, index: int, server) -> None:
        name = server_name(server, index)
        group = server_group(self.plan, server, index)
        label = server_label(server, index)
        ip = shown(server.ip, f"IP of {label}")
        disks = shown_list(server.disks, f"disks of {label}", "[no disk planned]")
        subject = f"vs.{key_of(server.name, index)}"
        common = {"target": name, "target_kind": SERVER, "run_by": "An Exchange Full Administrator who can "
                  "administer the cluster"}
        public = shown(self.plan.cluster.public_network, "public network")
        built = _ServerEvidence(self.state, index)
        self.add(subject, "create-group", f"Create the cluster group {group}", **common,
                 console="Cluster Administrator › File › New › Group",
                 detail=f"It will hold the virtual server {name}.", rule_ids=("evs-count-limit",),
                 evidence=built.group())
        self.add(subject, "ip-address", f"In {group}, create an IP Address resource for {ip}", **common,
                 detail=f"On the public network {public}, subnet mask {netmask(self.plan.cluster.public_network)}.",
                 rule_ids=("ip-in-subnet", "ip-unique", "ip-host-address", "ip-pool-sufficient"),
                 evidence=built.resource(f"{built.subject}.ip"))
        self.add(subject, "network-name", f"In {group}, create the Network Name resource {name}", **common,
                 detail=self._network_name_detail(), rule_ids=self._network_name_rules(),
                 evidence=built.resource(f"{built.subject}.name"))
        self.add(subject, "move-disks", f"Move the disks {disks} into {group}", **common,
                 detail="Move each Physical Disk resource into the group (Change Group).",
                 rule_ids=("evs-has-disk", "evs-disk-exists", "disk-one-owner", "disk-empty-before-setup"),
                 evidence=self._disk_evidence(index))
        self.add(subject, "system-attendant", f"In {group}, create the Exchange System Attendant resource "
                 f"for {name}", **common, detail=self._system_attendant_detail(index, name, disks),
                 rule_ids=("evs-unsupported-component", "evs-front-end", "evs-storage-groups"),
                 evidence=built.system_attendant())
        self.add(subject, "bring-online", f"Bring {group} online", **common,
                 detail="Wait until every resource in the group shows Online.")
        self._protocols(subject, server, name, group, common, built)
        owners = shown_list(server.preferred_owners, f"preferred owners of {label}", "[no preferred owner planned]")
        self.add(subject, "preferred-owners", f"Set the preferred owners of {group}: {owners}", **common,
                 console="Cluster Administrator › group › Properties › Preferred owners",
                 detail="List them in this order.", rule_ids=("evs-preferred-owners",), evidence=built.owners())

    def _network_name_detail(self) -> str:
        detail = "Make it depend on the IP Address resource and require DNS registration to succeed."
        if self.windows == "2003":
            detail += " Enable Kerberos authentication."
        return detail

    def _network_name_rules(self) -> tuple[str, ...]:
        rules = ("name-netbios-length", "name-netbios-chars", "names-unique", "dns-dynamic-updates")
        return rules + ("evs-kerberos",) if self.exchange == "2003" and self.windows == "2003" else rules

    def _system_attendant_detail(self, index: int, name: str, disks: str) -> str:
        detail = (f"Make it depend on the Network Name {name} and the disks {disks}; put its data folder on "
                  "the first of those disks. It creates the Information Store, Routing, SMTP, HTTP and "
                  "MS Search resources")
        if self.exchange == "2000":
            detail += ", and the IMAP4 and POP3 resources"
        if index == 0:
            return detail + ", and the MTA, which only the first virtual server gets."
        first = server_name(self.plan.virtual_server_list[0], 0)
        return detail + f"; it shares the MTA created with {first}, so no MTA is made here."

    def _protocols(self, subject: str, server, name: str, group: str, common: dict,
                   built: "_ServerEvidence") -> None:
        if self.exchange != "2003":
            return
        for key, label in (("imap4", "IMAP4"), ("pop3", "POP3")):
            if getattr(server.protocols, key) is True:
                self.add(subject, f"add-{key}", f"In {group}, add the {label} resource for {name}", **common,
                         detail=f"Create an Exchange {label} Virtual Server Instance resource depending on the "
                                "System Attendant, then bring it online; setup does not create it.",
                         rule_ids=("evs-imap-pop-manual",), evidence=built.resource(f"{built.subject}.protocols.{key}"))

    # ------------------------------------------------------------ phase 5

    def _phase5(self) -> None:
        names = [ref.name for ref in self.nodes] or ["[nodes not answered]"]
        self.add("cluster", "move-cluster-group", f"Move the {vocab.DEFAULT_CLUSTER_GROUP} to each node and back",
                 detail=f"Nodes: {', '.join(names)}. The group must come online on each one.",
                 target=self.cluster_name, target_kind=CLUSTER, run_by=self._cluster_admin())
        homes = home_nodes(self.plan)
        for index, server in enumerate(self.plan.virtual_server_list):
            self._fail_over(index, server, homes.get(index))
        self._dns_records()
        for index, server in enumerate(self.plan.virtual_server_list):
            name = server_name(server, index)
            self.add(f"vs.{key_of(server.name, index)}", "client-connect", f"Connect a client to {name} by name",
                     detail=f"Open a mailbox on {name} from Outlook using the server name, not its address.",
                     target=name, target_kind=SERVER, run_by="A user with a mailbox on this server")

    def _owners(self, home: str | None) -> list[str]:
        names = [ref.name for ref in self.nodes if ref.has_name]
        if home in names:
            names.remove(home)
            names.insert(0, home)
        return names

    def _fail_over(self, index: int, server, home: str | None) -> None:
        name = server_name(server, index)
        owners = self._owners(home)
        start = owners[0] if owners else "[nodes not answered]"
        others = owners[1:]
        common = {"target": name, "target_kind": SERVER, "run_by": self._cluster_admin()}
        subject = f"vs.{key_of(server.name, index)}"
        if self.exchange == "2007":
            commands = [f'Move-ClusteredMailboxServer -Identity {name} -TargetMachine {node} -MoveComment "Test"'
                        for node in others + [start]]
            self.add(subject, "move-group", f"Move {name} to each node and back to {start}", **common,
                     command="\n".join(commands), rule_ids=("cms-passive-node",),
                     detail="Use Move-ClusteredMailboxServer in the Exchange Management Shell, "
                            "never the cluster tools; the server must come online on each node.")
            return
        group = server_group(self.plan, server, index)
        self.add(subject, "move-group", f"Move {group} to each possible owner and back to {start}", **common,
                 console="Cluster Administrator › group › Move Group",
                 detail=f"In turn to {', '.join(others) or '[other nodes not answered]'}, then back to {start}; "
                        "every resource must come online each time.",
                 rule_ids=("evs-preferred-owners",))

    def _dns_records(self) -> None:
        pairs = [(self.cluster_name, shown(self.plan.cluster.ip, "cluster IP"))]
        for index, server in enumerate(self.plan.virtual_server_list):
            name = server_name(server, index)
            pairs.append((name, shown(server.ip, f"IP of {server_label(server, index)}")))
        self.add("dns", "check-records", "Check the DNS records of the cluster and its servers",
                 detail="Each name must resolve to its address: "
                        + "; ".join(f"{name} -> {ip}" for name, ip in pairs) + ".",
                 command="\n".join(f"nslookup {name}" for name, _ in pairs), run_by=f"Any user of {self.domain}",
                 rule_ids=("dns-dynamic-updates",))


class _ServerEvidence:
    """Evidence keys of one virtual server's group in the intended state (see Item.evidence)."""

    def __init__(self, state, index: int):
        self.state, self.group_of = state, ev.server_group(state, index)
        self.subject = f"virtual_servers[{index}]"

    def resources(self):
        return self.state.resources_of(self.group_of.name) if self.group_of else ()

    def group(self) -> tuple[str, ...]:
        return (ev.group_key(self.group_of.name),) if self.group_of else ()

    def owners(self) -> tuple[str, ...]:
        return (ev.owners_key(self.group_of.name),) if self.group_of else ()

    def resource(self, subject: str) -> tuple[str, ...]:
        return ev.resource_evidence(next((r for r in self.resources() if r.subject == subject), None))

    def system_attendant(self) -> tuple[str, ...]:
        """The System Attendant with its dependencies, and what it creates in the group."""
        resources = self.resources()
        made = [r for r in resources if r.type == SYSTEM_ATTENDANT or r.made_by == BY_EXCHANGE]
        return ev.resources_evidence(made)
