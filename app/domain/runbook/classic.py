"""The runbook of Exchange 2000 and 2003: ForestPrep and DomainPrep, MSDTC before setup, setup on
each node, then every Exchange Virtual Server built by hand: its group, IP Address, Network Name
and disks with cluster.exe, the System Attendant in Cluster Administrator's wizard, the storage
groups in Exchange System Manager.

Also used while the plan's Exchange version is unanswered: the work is then shown with
placeholders, and the directory preparation names both families' commands.
"""
from __future__ import annotations

from app.domain.cluster import Group, Node
from app.domain.cluster.state import IP_ADDRESS, MSDTC, NETWORK_NAME, PHYSICAL_DISK, SYSTEM_ATTENDANT
from app.domain.cluster.evidence import resource_evidence
from app.domain.runbook.base import CLUSTER_ADMIN, REPLICATION_WAIT, Runbook
from app.domain.runbook.commands import findstr_literal, q
from app.domain.words import shown, shown_list

SERVER_ADMIN = "An Exchange Full Administrator who can administer the cluster"
PROTOCOL_LABELS = {"imap4": "IMAP4", "pop3": "POP3"}
SETUP_KEY = '"HKLM\\SOFTWARE\\Microsoft\\Exchange\\Setup"'


class ClassicRunbook(Runbook):

    # ------------------------------------------------------------ phase 1

    def prepare_directory(self) -> None:
        if self.release is None:
            super().prepare_directory()
            return
        ad = self.plan.active_directory
        if ad.forestprep_done is not True:
            self.add("forest", "forestprep", f"Run ForestPrep once in the forest {self.forest}",
                     command="setup /forestprep", target=self.forest, target_kind="forest", from_media=True,
                     detail=f"From the Exchange {self.release.version} media's {self.release.media_folder} folder. "
                            f"When setup asks, name the organization {self.organization}.",
                     ends_script=REPLICATION_WAIT.format(what="DomainPrep"),
                     run_by=f"An account in Schema Admins and Enterprise Admins of {self.forest}",
                     rule_ids=("ad-forestprep-rights",))
        if ad.domainprep_done is not True:
            self.add("domain", "domainprep", f"Run DomainPrep in the domain {self.domain}",
                     command="setup /domainprep", target=self.domain, target_kind="domain", from_media=True,
                     detail="Run it in the domain the cluster nodes belong to.",
                     run_by=f"A member of Domain Admins in {self.domain}",
                     rule_ids=("ad-domainprep-rights", "nodes-same-domain"))

    # ------------------------------------------------------------ phase 2: MSDTC

    def msdtc(self) -> None:
        dtc = next((r for r in self.state.resources if r.type == MSDTC), None)
        if dtc is None:
            return
        rules = ("msdtc-before-setup", "msdtc-default-group")
        if dtc.made_by == "comclust":
            self.comclust(dtc, rules)
            return
        disk = self.msdtc_disk() or "[MSDTC disk not planned]"
        needs = [self.state.resource(name) for name in dtc.depends_on]
        moves = [self.cluster.move_resource(r.name, dtc.group) for r in needs
                 if r is not None and r.type == PHYSICAL_DISK and r.identity != self.state.quorum.disk]
        self.add_for_cluster("msdtc-dependencies",
                             f"Put the Network Name and the disk {disk} for MSDTC in {dtc.group}",
                             detail="The Distributed Transaction Coordinator resource depends on a Network Name and "
                                    "a Physical Disk of its own group; both must be there before it is created.",
                             command=moves, verify=[self.cluster.res(r.name, "/stat") for r in needs if r is not None],
                             console="" if moves else self.console("change_disk_group_console"),
                             run_by=CLUSTER_ADMIN, rule_ids=rules)
        title = f"Create the Distributed Transaction Coordinator resource in {dtc.group}"
        if self.windows is None:
            title += " [Windows version not answered]"
        self.add_for_cluster("create-msdtc", title, console=self.console("new_resource_console"),
                             detail=f"It depends on the Network Name {self.cluster_name} and the Physical Disk {disk}; "
                                    "bring it online. One per cluster, before any Exchange setup.",
                             command=[*self.cluster.create(dtc), self.cluster.online(dtc.name)],
                             verify=self.cluster.checks(dtc), run_by=CLUSTER_ADMIN, rule_ids=rules,
                             evidence=resource_evidence(dtc))

    def comclust(self, dtc, rules) -> None:
        """Windows 2000: comclust.exe on each node in turn clusters MSDTC."""
        previous = None
        for node in self.nodes:
            name = self.node_name(node)
            detail = ("Run it here first and let it finish." if previous is None
                      else f"Only after it has finished on {previous}.")
            self.add_for_node(node, "comclust", f"On {name}, run comclust.exe to cluster MSDTC",
                              command="comclust.exe", detail=detail + " MSDTC must exist before Exchange setup.",
                              verify=self.cluster.res(dtc.name, "/stat"), run_by=CLUSTER_ADMIN, rule_ids=rules,
                              evidence=(f"resource:{dtc.name}",) if previous is None else ())
            previous = name

    def msdtc_disk(self) -> str | None:
        """The disk MSDTC logs to: a disk planned for it, else the quorum disk."""
        for purpose in ("msdtc", "quorum"):
            letter = next((d.letter for d in self.state.disks if d.purpose == purpose and d.letter), None)
            if letter:
                return letter
        return None

    # ------------------------------------------------------------ phase 3

    def install(self, node: Node) -> None:
        name = self.node_name(node)
        version = self.release.version if self.release else "[Exchange version not answered]"
        self.add_for_node(node, "install-exchange", f"On {name}, install Exchange {version} from the media",
                          console=f"{self.release.setup_command} on the media (attended)" if self.release else "",
                          detail=f"Put the binaries on {self.binaries(node)}, the same local drive on every node "
                                 "and never a shared disk. Run setup on this node only and let it finish "
                                 "before the next node starts.",
                          verify=self.setup_check("Services"),
                          run_by=f"An Exchange Full Administrator who is a local administrator of {name}",
                          rule_ids=("setup-one-node-at-a-time", "setup-attended-only", "binaries-local-drive",
                                    "binaries-same-drive", "nodes-same-exchange-version",
                                    "setup-account-exchange-admin", "msdtc-before-setup", "setup-node-order"))
        self.service_pack(node)

    def setup_check(self, value: str) -> str:
        """What Exchange setup wrote in the registry (reg.exe is not part of Windows 2000: no check there)."""
        if self.windows and not self.windows.has_sc_and_reg:
            return ""
        return f"reg query {SETUP_KEY} /v {value}"

    def service_pack(self, node: Node) -> None:
        """Exchange 2000/2003 service packs are separate installs, node by node like setup itself."""
        sp = self.plan.exchange.service_pack
        if not isinstance(sp, int) or sp < 1:
            return
        name = self.node_name(node)
        version = self.release.version if self.release else "[Exchange version not answered]"
        self.add_for_node(node, "install-service-pack", f"On {name}, install Exchange {version} SP{sp}",
                          console="update.exe from the service pack (attended)",
                          detail="Run the service pack's update.exe on this node only, after its Exchange setup "
                                 "finished and before the next node starts.",
                          verify=self.setup_check("ServicePackBuild"),
                          run_by=f"An Exchange Full Administrator who is a local administrator of {name}",
                          rule_ids=("setup-one-node-at-a-time",))

    # ------------------------------------------------------------ phase 4

    def phase4(self) -> None:
        if self.release and self.release.service_account_exchange_admin:
            self.delegate_service_account()
        super().phase4()

    def delegate_service_account(self) -> None:
        account = shown(self.plan.cluster.service_account, "cluster service account")
        self.add_for_cluster("service-account-exchange-admin",
                             f"Give {account} the Exchange Full Administrator role",
                             console="Exchange System Manager › organization › Delegate Control",
                             detail="Exchange 2000 virtual servers run under the cluster service account; "
                                    "do this before creating the first one.",
                             run_by="An Exchange Full Administrator of the organization",
                             rule_ids=("cluster-account-exchange-admin",))

    def group_label(self, group: Group) -> str:
        return group.name if group.name_answered else f"[group of {self.server_label(group)} not answered]"

    def server(self, group: Group) -> None:
        name, label, title = self.server_name(group), self.server_label(group), self.group_label(group)
        resources = self.state.resources_of(group.name)
        ip = next(r for r in resources if r.type == IP_ADDRESS)
        network_name = next(r for r in resources if r.type == NETWORK_NAME)
        disks = [r for r in resources if r.type == PHYSICAL_DISK]
        sa = next(r for r in resources if r.type == SYSTEM_ATTENDANT)
        disk_text = shown_list(group.disks, f"disks of {label}", "[no disk planned]")
        public = next(n for n in self.state.networks if n.name == "Public")
        cluster = self.cluster
        common = {"run_by": SERVER_ADMIN}
        self.add_for_server(group, "create-group", f"Create the cluster group {title}", **common,
                            command=cluster.create_group(group.name), verify=cluster.group(group.name, "/stat"),
                            detail=f"It will hold the virtual server {name}.", rule_ids=("evs-count-limit",),
                            evidence=(f"group:{group.name}",))
        self.add_for_server(group, "ip-address", f"In {title}, create an IP Address resource for {self.server_ip(group)}",
                            **common, command=cluster.create(ip), verify=cluster.checks(ip),
                            detail=f"On the public network {shown(public.address, 'public network')}, subnet mask "
                                   f"{public.mask or '[public network not answered]'}.",
                            rule_ids=("ip-in-subnet", "ip-unique", "ip-host-address", "ip-pool-sufficient"),
                            evidence=resource_evidence(ip))
        self.add_for_server(group, "network-name", f"In {title}, create the Network Name resource {name}", **common,
                            command=cluster.create(network_name), verify=cluster.checks(network_name),
                            detail=self.network_name_detail(network_name),
                            rule_ids=("name-netbios-length", "name-netbios-chars", "names-unique",
                                      "dns-dynamic-updates", *self.rules_that_apply("evs-kerberos")),
                            evidence=resource_evidence(network_name))
        self.add_for_server(group, "move-disks", f"Move the disks {disk_text} into {title}", **common,
                            command=[cluster.move_resource(d.name, group.name) for d in disks],
                            verify=[cluster.res(d.name, "/stat") for d in disks],
                            detail="Each Physical Disk resource changes group; it must be online on one node only.",
                            rule_ids=("evs-has-disk", "evs-disk-exists", "disk-one-owner", "disk-empty-before-setup"),
                            evidence=tuple(f"resource:{d.name}" for d in disks))
        self.add_for_server(group, "bring-online", f"Bring {title} online", **common,
                            command=cluster.group_online(group.name), verify=cluster.group(group.name, "/stat"),
                            detail="The IP Address, the Network Name and the disks come online before the System "
                                   "Attendant is created; the name must register in DNS now.")
        self.add_for_server(group, "system-attendant", f"In {title}, create the Exchange System Attendant resource "
                            f"for {name}", **common, console=self.console("new_resource_console"),
                            detail=self.system_attendant_detail(group, name, disk_text, sa.name),
                            verify=[cluster.res(sa.name, "/listdep")],
                            rule_ids=("evs-unsupported-component", "evs-front-end", "evs-storage-groups"),
                            evidence=resource_evidence(sa))
        made = [r for r in resources if r.made_by == "exchange"]
        self.add_for_server(group, "system-attendant-online", f"Bring the System Attendant of {name} and what it "
                            "created online", **common,
                            command=[cluster.online(sa.name), cluster.group_online(group.name)],
                            verify=[cluster.res(r.name, "/stat") for r in made] or cluster.group(group.name, "/stat"),
                            detail="Every resource of the group must show Online.",
                            evidence=tuple(f"resource:{r.name}" for r in made))
        self.protocols(group, name, title, common)
        owners = group.preferred_owners if group.owners_answered else None
        self.add_for_server(group, "preferred-owners",
                            f"Set the preferred owners of {title}: "
                            f"{shown_list(owners, f'preferred owners of {label}', '[no preferred owner planned]')}",
                            **common, command=cluster.set_owners(group.name, group.preferred_owners)
                            if group.preferred_owners else "", verify=cluster.group(group.name, "/listowners"),
                            console="" if group.preferred_owners else self.console("preferred_owners_console"),
                            detail="In this order: the group moves to the first of them that is up.",
                            rule_ids=("evs-preferred-owners",), evidence=(f"owners:{group.name}",))
        self.possible_owners(group)

    def network_name_detail(self, network_name) -> str:
        detail = "It depends on the IP Address resource."
        if network_name.property("RequireDNS"):
            detail += " DNS registration must succeed (RequireDNS), so a name DNS refuses never comes online."
        if network_name.property("RequireKerberos"):
            detail += " Kerberos authentication is enabled (RequireKerberos)."
        return detail

    def system_attendant_detail(self, group: Group, name: str, disks: str, resource_name: str) -> str:
        ad = self.plan.active_directory
        data = f"{group.disks[0]}\\exchsrvr" if group.disks else "[first disk of the server not answered]"
        detail = (f"Only Cluster Administrator's wizard can do this (it writes the server into the directory). Name "
                  f"it {resource_name}, type Microsoft Exchange System Attendant, in the group {group.name}, with "
                  f"{self.possible_owner_words(group)}; dependencies: the Network Name {name} and the disks {disks}. "
                  f"The wizard then asks for the data directory ({data}), the administrative group "
                  f"({shown(ad.administrative_group, 'administrative group')}) and the routing group "
                  f"({shown(ad.routing_group, 'routing group')}). It creates the Information Store, Routing, SMTP, "
                  "HTTP and MS Search resources")
        if self.release and self.release.protocols_with_system_attendant:
            detail += ", and the IMAP4 and POP3 resources"
        if group.server_index == 0:
            return detail + ", and the MTA, which only the first virtual server gets."
        first = self.server_name(self.server_groups()[0])
        return detail + f"; it shares the MTA created with {first}, so no MTA is made here."

    def possible_owner_words(self, group: Group) -> str:
        if not group.owners_restricted or set(group.possible_owners) == set(self.state.node_names):
            return "every node as a possible owner"
        if not group.possible_owners:
            return "[no possible owner planned] as possible owners"
        return f"only {', '.join(group.possible_owners)} as possible owners"

    def protocols(self, group: Group, name: str, title: str, common: dict) -> None:
        if self.release is None:
            return
        for resource in self.state.resources_of(group.name):
            key = next((k for k in self.release.manual_protocols if resource.subject.endswith(f"protocols.{k}")), None)
            if key is None:
                continue
            label = PROTOCOL_LABELS[key]
            if self.release.protocol_services_disabled:
                self.protocol_service(group, key, label, common)
            self.add_for_server(group, f"add-{key}", f"In {title}, add the {label} resource for {name}", **common,
                                console=self.console("new_resource_console"),
                                detail=f"Create {resource.name}, type {resource.type}, depending on the System "
                                       "Attendant, then bring it online; setup does not create it.",
                                verify=self.cluster.res(resource.name, "/stat"), rule_ids=("evs-imap-pop-manual",),
                                evidence=resource_evidence(resource))

    def protocol_service(self, group: Group, key: str, label: str, common: dict) -> None:
        """Exchange 2003 setup leaves the protocol's service disabled on every node; its resource
        starts it on whichever node owns the group, so every node lets it start (manually)."""
        service = self.release.protocol_services[key]
        nodes = self.state.node_names or ("[nodes not answered]",)
        fields: dict = {"console": f"Services › Microsoft Exchange {label} › Startup type: Manual, on "
                                   + ", ".join(nodes)}
        if self.windows is None or self.windows.has_sc_and_reg:
            fields = {"command": [f"sc {q(chr(92) * 2 + node)} config {service} start= demand" for node in nodes],
                      "verify": [f"sc {q(chr(92) * 2 + node)} qc {service} | findstr {findstr_literal('DEMAND_START')}"
                                 for node in nodes], "console": fields["console"]}
        self.add_for_server(group, f"{key}-service", f"Let the Microsoft Exchange {label} service start on every node",
                            detail=f"Exchange {self.release.version} setup leaves {service} disabled; set it to start "
                                   f"manually on every node, or the {label} resource cannot come online.",
                            rule_ids=("evs-imap-pop-manual",), **common, **fields)

    def storage_groups(self, group: Group) -> None:
        """The System Attendant made the server's first storage group and its stores under the data
        directory: those are moved to their planned disks, the others are created."""
        planned = self.planned_storage_groups(group)
        if not planned or self.release is None:
            return
        name = self.server_name(group)
        where = self.release.system_manager_console.format(
            group=shown(self.plan.active_directory.administrative_group, "administrative group"), server=name)
        first, stores = self.release.default_storage_group
        made = [sg for sg in planned if isinstance(sg.name, str) and sg.name.strip().casefold() == first.casefold()]
        new = [sg for sg in planned if sg not in made]
        data = f"{group.disks[0]}\\exchsrvr\\mdbdata" if group.disks else "[first disk of the server not answered]"
        detail = (f"Exchange System Manager only. The System Attendant already made {first} with "
                  f"{' and '.join(store.format(server=name) for store in stores)} in {data}. ")
        if made:
            detail += (f"Move its transaction logs and system path ({first} › Properties › General) and its "
                       f"stores' database files (each store › Properties › Database): "
                       f"{self.storage_group_text(made)}. ")
        else:
            detail += "It stays there. "
        if new:
            detail += f"Create ({where} › New › Storage Group): {self.storage_group_text(new)}. "
        self.add_for_server(group, "storage-groups", f"Put the storage groups and databases of {name} on their "
                            "planned disks", console=where, detail=detail + "Then mount each database.",
                            run_by=SERVER_ADMIN, rule_ids=("evs-storage-groups", "storage-group-on-server-disks"))

    @staticmethod
    def storage_group_text(planned: list) -> str:
        return "; ".join(f"{shown(sg.name, 'storage group name')}: logs in {shown(sg.log_folder, 'log folder')}, "
                         f"database {shown(sg.database, 'database name')} in "
                         f"{shown(sg.database_folder, 'database folder')}" for sg in planned)

    # ------------------------------------------------------------ phase 5

    def fail_over(self, group: Group, owners: list[str]) -> None:
        start = owners[0] if owners else "[nodes not answered]"
        moves = [self.cluster.move_group(group.name, node) for node in owners[1:] + owners[:1]]
        self.add_for_server(group, "move-group",
                            f"Move {self.group_label(group)} to each possible owner and back to {start}",
                            run_by=CLUSTER_ADMIN, command=moves, verify=self.cluster.group(group.name, "/stat"),
                            detail=f"In turn to {', '.join(owners[1:]) or '[other nodes not answered]'}, then back "
                                   f"to {start}; every resource must come online each time.",
                            rule_ids=("evs-preferred-owners",))

