"""The runbook of Exchange 2000 and 2003: ForestPrep and DomainPrep, MSDTC before setup, setup on
each node, then every Exchange Virtual Server built by hand in Cluster Administrator.

Also used while the plan's Exchange version is unanswered: the work is then shown with
placeholders, and the directory preparation names both families' commands.
"""
from __future__ import annotations

from app.domain.cluster import Group, Node
from app.domain.cluster.state import IP_ADDRESS, MSDTC, PHYSICAL_DISK, PUBLIC_NETWORK, SYSTEM_ATTENDANT
from app.domain.runbook.base import CLUSTER_ADMIN, Runbook
from app.domain.runbook.items import CLUSTER
from app.domain.words import shown, shown_list

SERVER_ADMIN = "An Exchange Full Administrator who can administer the cluster"
PROTOCOL_LABELS = {"imap4": "IMAP4", "pop3": "POP3"}


class ClassicRunbook(Runbook):

    # ------------------------------------------------------------ phase 1

    def prepare_directory(self) -> None:
        if self.release is None:
            super().prepare_directory()
            return
        ad = self.plan.active_directory
        if ad.forestprep_done is not True:
            self.add("forest", "forestprep", f"Run ForestPrep once in the forest {self.forest}",
                     command="setup /forestprep", target=self.forest, target_kind="forest",
                     detail=f"Use the Exchange {self.release.version} media. When it has finished, wait until the "
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

    # ------------------------------------------------------------ phase 2: MSDTC

    def msdtc(self) -> None:
        dtc = next((r for r in self.state.resources if r.type == MSDTC), None)
        if dtc is None:
            return
        rules = ("msdtc-before-setup", "msdtc-default-group")
        if dtc.made_by == "comclust":
            previous = None
            for node in self.nodes:
                name = self.node_name(node)
                detail = ("Run it here first and let it finish." if previous is None
                          else f"Only after it has finished on {previous}.")
                self.add_for_node(node, "comclust", f"On {name}, run comclust.exe to cluster MSDTC",
                                  command="comclust.exe", detail=detail + " MSDTC must exist before Exchange setup.",
                                  run_by=CLUSTER_ADMIN, rule_ids=rules,
                                  evidence=(f"resource:{dtc.name}",) if previous is None else ())
                previous = name
            return
        disk = self.msdtc_disk() or "[MSDTC disk not planned]"
        title = f"Create the Distributed Transaction Coordinator resource in {dtc.group}"
        if self.windows is None:
            title += " [Windows version not answered]"
        self.add("cluster", "create-msdtc", title, target=self.cluster_name, target_kind=CLUSTER,
                 console=self.console("new_resource_console"),
                 detail=f"Make it depend on the Network Name {self.cluster_name} and the Physical Disk {disk}, "
                        "then bring it online. One per cluster, before any Exchange setup. "
                        "(On Windows 2000, comclust.exe on each node in turn does this instead.)",
                 run_by=CLUSTER_ADMIN, rule_ids=rules,
                 evidence=(f"resource:{dtc.name}", *(f"dependency:{dtc.name}->{d}" for d in dtc.depends_on)))

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
                          command=self.release.setup_command if self.release else "",
                          detail=f"Put the binaries on {self.binaries(node)}, the same local drive on every node "
                                 "and never a shared disk. Run setup on this node only and let it finish "
                                 "before the next node starts.",
                          run_by=f"An Exchange Full Administrator who is a local administrator of {name}",
                          rule_ids=("setup-one-node-at-a-time", "setup-attended-only", "binaries-local-drive",
                                    "binaries-same-drive", "nodes-same-exchange-version",
                                    "setup-account-exchange-admin", "msdtc-before-setup", "setup-node-order"))
        self.service_pack(node)

    def service_pack(self, node: Node) -> None:
        """Exchange 2000/2003 service packs are separate installs, node by node like setup itself."""
        sp = self.plan.exchange.service_pack
        if not isinstance(sp, int) or sp < 1:
            return
        name = self.node_name(node)
        version = self.release.version if self.release else "[Exchange version not answered]"
        self.add_for_node(node, "install-service-pack", f"On {name}, install Exchange {version} SP{sp}",
                          command="update.exe",
                          detail="Run the service pack's update.exe on this node only, after its Exchange setup "
                                 "finished and before the next node starts.",
                          run_by=f"An Exchange Full Administrator who is a local administrator of {name}",
                          rule_ids=("setup-one-node-at-a-time",))

    # ------------------------------------------------------------ phase 4

    def phase4(self) -> None:
        if self.release and self.release.service_account_exchange_admin:
            self.delegate_service_account()
        super().phase4()

    def delegate_service_account(self) -> None:
        account = shown(self.plan.cluster.service_account, "cluster service account")
        self.add("cluster", "service-account-exchange-admin",
                 f"Give {account} the Exchange Full Administrator role",
                 console="Exchange System Manager › organisation › Delegate Control",
                 detail="Exchange 2000 virtual servers run under the cluster service account; "
                        "do this before creating the first one.",
                 target=self.cluster_name, target_kind=CLUSTER,
                 run_by="An Exchange Full Administrator of the organisation",
                 rule_ids=("cluster-account-exchange-admin",))

    def group_label(self, group: Group) -> str:
        return group.name if group.name_answered else f"[group of {self.server_label(group)} not answered]"

    def server(self, group: Group) -> None:
        name, label, title = self.server_name(group), self.server_label(group), self.group_label(group)
        resources = self.state.resources_of(group.name)
        ip = next((r for r in resources if r.type == IP_ADDRESS), None)
        network_name = self.network_name_of(group)
        disks = [r for r in resources if r.type == PHYSICAL_DISK]
        sa = next((r for r in resources if r.type == SYSTEM_ATTENDANT), None)
        disk_text = shown_list(group.disks, f"disks of {label}", "[no disk planned]")
        public = next(n for n in self.state.networks if n.name == PUBLIC_NETWORK)
        common = {"run_by": SERVER_ADMIN}
        self.add_for_server(group, "create-group", f"Create the cluster group {title}", **common,
                            console=self.console("new_group_console"),
                            detail=f"It will hold the virtual server {name}.", rule_ids=("evs-count-limit",),
                            evidence=(f"group:{group.name}",))
        self.add_for_server(group, "ip-address", f"In {title}, create an IP Address resource for {self.server_ip(group)}",
                            **common,
                            detail=f"On the public network {shown(public.address, 'public network')}, subnet mask "
                                   f"{public.mask or '[public network not answered]'}.",
                            rule_ids=("ip-in-subnet", "ip-unique", "ip-host-address", "ip-pool-sufficient"),
                            evidence=(f"resource:{ip.name}", f"property:{ip.name}.Address"))
        self.add_for_server(group, "network-name", f"In {title}, create the Network Name resource {name}", **common,
                            detail=self.network_name_detail(),
                            rule_ids=("name-netbios-length", "name-netbios-chars", "names-unique",
                                      "dns-dynamic-updates", *self.rules_that_apply("evs-kerberos")),
                            evidence=(f"resource:{network_name.name}", f"property:{network_name.name}.Name",
                                      *(f"dependency:{network_name.name}->{d}" for d in network_name.depends_on)))
        self.add_for_server(group, "move-disks", f"Move the disks {disk_text} into {title}", **common,
                            detail="Move each Physical Disk resource into the group (Change Group).",
                            rule_ids=("evs-has-disk", "evs-disk-exists", "disk-one-owner", "disk-empty-before-setup"),
                            evidence=tuple(f"resource:{d.name}" for d in disks if d.group == group.name))
        self.add_for_server(group, "system-attendant", f"In {title}, create the Exchange System Attendant resource "
                            f"for {name}", **common, detail=self.system_attendant_detail(group, name, disk_text),
                            rule_ids=("evs-unsupported-component", "evs-front-end", "evs-storage-groups"),
                            evidence=(f"resource:{sa.name}", *(f"dependency:{sa.name}->{d}" for d in sa.depends_on)))
        self.add_for_server(group, "bring-online", f"Bring {title} online", **common,
                            detail="Wait until every resource in the group shows Online.")
        self.protocols(group, name, title, common)
        owners = shown_list(group.preferred_owners if group.owners_answered else None,
                            f"preferred owners of {label}", "[no preferred owner planned]")
        self.add_for_server(group, "preferred-owners", f"Set the preferred owners of {title}: {owners}", **common,
                            console=self.console("preferred_owners_console"),
                            detail="List them in this order.", rule_ids=("evs-preferred-owners",),
                            evidence=(f"owners:{group.name}",))

    def network_name_detail(self) -> str:
        detail = "Make it depend on the IP Address resource and require DNS registration to succeed."
        if self.windows and self.windows.network_name_kerberos:
            detail += " Enable Kerberos authentication."
        return detail

    def system_attendant_detail(self, group: Group, name: str, disks: str) -> str:
        detail = (f"Make it depend on the Network Name {name} and the disks {disks}; put its data folder on "
                  "the first of those disks. It creates the Information Store, Routing, SMTP, HTTP and "
                  "MS Search resources")
        if self.release and self.release.protocols_with_system_attendant:
            detail += ", and the IMAP4 and POP3 resources"
        if group.server_index == 0:
            return detail + ", and the MTA, which only the first virtual server gets."
        first = self.server_name(self.server_groups()[0])
        return detail + f"; it shares the MTA created with {first}, so no MTA is made here."

    def protocols(self, group: Group, name: str, title: str, common: dict) -> None:
        if self.release is None:
            return
        server = self.plan.virtual_server_list[group.server_index]
        for key in self.release.manual_protocols:
            if getattr(server.protocols, key) is True:
                label = PROTOCOL_LABELS[key]
                self.add_for_server(group, f"add-{key}", f"In {title}, add the {label} resource for {name}",
                                    **common,
                                    detail=f"Create an Exchange {label} Virtual Server Instance resource depending "
                                           "on the System Attendant, then bring it online; setup does not create it.",
                                    rule_ids=("evs-imap-pop-manual",))

    # ------------------------------------------------------------ phase 5

    def fail_over(self, group: Group, owners: list[str]) -> None:
        start = owners[0] if owners else "[nodes not answered]"
        self.add_for_server(group, "move-group",
                            f"Move {self.group_label(group)} to each possible owner and back to {start}",
                            run_by=CLUSTER_ADMIN, console=self.console("move_group_console"),
                            detail=f"In turn to {', '.join(owners[1:]) or '[other nodes not answered]'}, then back "
                                   f"to {start}; every resource must come online each time.",
                            rule_ids=("evs-preferred-owners",))

