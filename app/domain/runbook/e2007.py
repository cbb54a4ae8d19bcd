"""The runbook of Exchange 2007: the directory prepared with setup.com, then on each node the
Mailbox role. The node that will run a clustered mailbox server creates it with /NewCms, and
installs first; setup makes every cluster resource of the server itself. Storage groups,
moves and checks are Exchange Management Shell cmdlets."""
from __future__ import annotations

from app.domain import versions
from app.domain.cluster import Group, Node
from app.domain.cluster.state import PHYSICAL_DISK
from app.domain.runbook.base import CLUSTER_ADMIN, PHASE_INTROS, PHASE_TITLES, REPLICATION_WAIT, Runbook
from app.domain.runbook.commands import feature_installed, ps, q, service_running
from app.domain.words import shown

RULES = ("setup-one-node-at-a-time", "setup-attended-only", "binaries-local-drive", "binaries-same-drive",
         "nodes-same-exchange-version", "exchange2007-mailbox-role-only", "cms-passive-node", "setup-node-order")
EMS = "powershell"
DOTNET_2_CHECK = 'reg query "HKLM\\SOFTWARE\\Microsoft\\NET Framework Setup\\NDP\\v2.0.50727" /v Install'
EXCHANGE_ADMIN = "An Exchange Organization Administrator"


class Exchange2007Runbook(Runbook):
    phase_titles = {**PHASE_TITLES, 4: "Clustered mailbox servers"}
    phase_intros = {**PHASE_INTROS, 4: "Exchange 2007 setup creates every resource of a clustered mailbox server; "
                                       "here you check them, add the disks of a single copy cluster and create the "
                                       "storage groups."}

    # ------------------------------------------------------------ phase 1

    def prepare_directory(self) -> None:
        self.add("forest", "prepare-schema", f"Extend the schema of the forest {self.forest} for Exchange 2007",
                 command="setup.com /PrepareSchema", target=self.forest, target_kind="forest", from_media=True,
                 detail="Once, in the forest root domain, on a computer in the schema master's site.",
                 ends_script=REPLICATION_WAIT.format(what="PrepareAD"),
                 run_by=f"An account in Schema Admins and Enterprise Admins of {self.forest}")
        organization = self.plan.active_directory.exchange_organization
        switch = f" /OrganizationName:{q(organization)}" if isinstance(organization, str) and organization else ""
        self.add("forest", "prepare-ad", f"Prepare the Exchange organization in the forest {self.forest}",
                 command=f"setup.com /PrepareAD{switch}", target=self.forest, target_kind="forest", from_media=True,
                 ends_script=REPLICATION_WAIT.format(what="PrepareDomain"),
                 detail="A forest without an Exchange organization needs /OrganizationName: with the name of the "
                        "new organization; an existing organization keeps its own.",
                 run_by=f"An account in Enterprise Admins of {self.forest}")
        self.add("domain", "prepare-domain", f"Prepare the domain {self.domain}",
                 command="setup.com /PrepareDomain", target=self.domain, target_kind="domain", from_media=True,
                 detail="Run it in the domain the cluster nodes belong to.",
                 run_by=f"A member of Domain Admins in {self.domain}", rule_ids=("nodes-same-domain",))

    def records_by_hand_without_dynamic_updates(self) -> bool:
        return True

    # ------------------------------------------------------------ phase 2

    def prerequisites_item(self, node: Node, name: str, local_admin_of: str) -> None:
        """The Mailbox role's Windows prerequisites: features of Windows 2008, downloads and
        components on Windows 2003 (versions.py names them)."""
        if self.windows and self.windows.has_failover_clustering_feature:
            features = ", ".join(versions.MAILBOX_FEATURE_NAMES_2008)
            self.add_for_node(node, "prerequisites",
                              f"Install on {name}: Windows PowerShell and the Web Server (IIS) role services of the "
                              "Mailbox role",
                              detail=f"With ServerManagerCmd: {features}. .NET Framework 2.0 is part of "
                                     f"{self.windows.label}.",
                              command=[f"ServerManagerCmd -install {feature}"
                                       for feature in versions.MAILBOX_FEATURES_2008],
                              verify=[feature_installed(feature) for feature in versions.MAILBOX_FEATURES_2008],
                              run_by=local_admin_of, rule_ids=("node-prerequisites",))
            return
        self.add_for_node(node, "prerequisites",
                          f"Install on {name}: .NET Framework 2.0, MMC 3.0, Windows PowerShell 1.0 and the IIS "
                          "components of the Mailbox role",
                          detail=f"First {versions.E2007_DOWNLOADS_2003}; then the Windows components.",
                          console=versions.E2007_MAILBOX_COMPONENTS_2003,
                          verify=[DOTNET_2_CHECK, 'powershell -NoProfile -Command "exit 0"',
                                  service_running(versions.SERVICE_DISPLAY_NAMES["www"])],
                          run_by=local_admin_of, rule_ids=("node-prerequisites",))

    # ------------------------------------------------------------ phase 3

    def cms_of(self, node: Node) -> Group | None:
        """The clustered mailbox server this node creates (the one that runs on it), if any."""
        return next((g for g in self.server_groups() if g.home is not None and g.home == node.name), None)

    def install_order(self) -> tuple[Node, ...]:
        """The nodes that create a clustered mailbox server install first, whatever their place in
        the setup order; the passive nodes follow, each in setup order."""
        creating = [node for node in self.nodes if self.cms_of(node) is not None]
        return tuple(creating + [node for node in self.nodes if node not in creating])

    def target_dir(self, node: Node) -> str:
        drive = self.binaries(node)
        if drive.upper() == "C:" or drive.startswith("["):
            return ""
        return f" /TargetDir:{q(drive + chr(92) + 'Program Files' + chr(92) + 'Microsoft' + chr(92) + 'Exchange Server')}"

    def install(self, node: Node) -> None:
        name = self.node_name(node)
        detail = f"Binaries on {self.binaries(node)}, the same local drive on every node."
        run_by = f"{EXCHANGE_ADMIN} who is a local administrator of {name}"
        group = self.cms_of(node)
        if group is None:
            self.add_for_node(node, "install-exchange", f"On {name}, install the passive Mailbox role",
                              command=f"setup.com /mode:Install /roles:Mailbox{self.target_dir(node)}", run_by=run_by,
                              from_media=True,
                              verify=self.cluster.node(name, "/stat"),
                              detail=detail + " Let it finish before the next node starts.", rule_ids=RULES)
            return
        detail += (" A clustered mailbox server is later moved with Move-ClusteredMailboxServer, "
                   "not with the cluster tools.")
        self.add_for_node(node, "install-exchange",
                          f"On {name}, install the active Mailbox role and create the clustered mailbox "
                          f"server {self.server_name(group)}", command=self.new_cms_command(group, node),
                          from_media=True,
                          verify=self.cluster.group(group.name, "/stat"), run_by=run_by,
                          detail=detail, rule_ids=RULES + ("sa-resources-automatic",),
                          evidence=(f"group:{group.name}",
                                    *(f"resource:{r.name}" for r in self.state.resources_of(group.name)
                                      if r.made_by == "exchange")))

    def new_cms_command(self, group: Group, node: Node) -> str:
        label = self.server_label(group)
        command = (f"setup.com /mode:Install /roles:Mailbox /NewCms /CMSName:{q(self.server_name(group))} "
                   f"/CMSIPAddress:{q(self.server_ip(group))}")
        if self.model and self.model.shared_storage:
            disks = group.disks or ()
            folder = f"{disks[0]}\\{label}" if disks else f"[shared disk of {label} not answered]"
            command += f" /CMSSharedStorage /CMSDataPath:{q(folder)}"
        return command + self.target_dir(node)

    # ------------------------------------------------------------ phase 4

    def server(self, group: Group) -> None:
        """The cluster.exe work first, then the Exchange Management Shell's, so each runs as one script."""
        name = self.server_name(group)
        if self.model and self.model.shared_storage:
            self.add_disks(group, name)
        if group.preferred_owners:
            self.add_for_server(group, "preferred-owners",
                                f"Set the preferred owners of {name}: {', '.join(group.preferred_owners)}",
                                command=self.cluster.set_owners(group.name, group.preferred_owners),
                                verify=self.cluster.group(group.name, "/listowners"), run_by=CLUSTER_ADMIN,
                                detail="In this order.", rule_ids=("evs-preferred-owners",),
                                evidence=(f"owners:{group.name}",))
        self.possible_owners(group)
        self.add_for_server(group, "check-resources", f"Check the resources setup created for {name}",
                            detail="Setup created the group and every resource of the clustered mailbox server; "
                                   "create nothing by hand. The server must be Online.",
                            verify=self.online_checks(name), shell=EMS,
                            run_by=CLUSTER_ADMIN, rule_ids=("sa-resources-automatic",),
                            evidence=(f"group:{group.name}",))

    @staticmethod
    def online_checks(name: str) -> list[str]:
        return [f"Get-ClusteredMailboxServerStatus -Identity {ps(name)}",
                f"if ((Get-ClusteredMailboxServerStatus -Identity {ps(name)}).State -ne 'Online') "
                f"{{ throw {ps(f'{name} is not Online.')} }}"]

    def check_replication(self, group: Group, name: str) -> None:
        """CCR: after the storage groups exist, every copy is Healthy."""
        self.add_for_server(group, "check-replication", f"Check the replication of {name}",
                            detail="Every storage group copy must be Healthy, with small copy and replay queues, "
                                   "and the server Online.",
                            verify=[f"Get-StorageGroupCopyStatus -Server {ps(name)}",
                                    f"if (Get-StorageGroupCopyStatus -Server {ps(name)} | Where-Object "
                                    f"{{ $_.SummaryCopyStatus -ne 'Healthy' }}) "
                                    f"{{ throw {ps(f'A storage group copy of {name} is not Healthy.')} }}",
                                    *self.online_checks(name)[1:]],
                            shell=EMS, run_by=EXCHANGE_ADMIN, rule_ids=self.rules_that_apply("ccr-quorum-witness"))

    def add_disks(self, group: Group, name: str) -> None:
        disks = list(group.disks or ())
        resources = [r for r in self.state.resources_of(group.name) if r.type == PHYSICAL_DISK]
        common = {"run_by": CLUSTER_ADMIN, "rule_ids": ("evs-has-disk", "evs-disk-exists", "disk-one-owner"),
                  "evidence": tuple(f"resource:{r.name}" for r in resources),
                  "verify": [self.cluster.res(r.name, "/stat") for r in resources]}
        if len(disks) <= 1:
            disk = disks[0] if disks else f"[disk of {self.server_label(group)} not answered]"
            self.add_for_server(group, "add-disks", f"Confirm that the disk {disk} is in the group of {name}",
                                detail="Setup puts the disk holding the data path into the group; check it is there.",
                                **common)
            return
        others = [r for r in resources if r.identity != disks[0]]
        self.add_for_server(group, "add-disks", f"Add the disks {', '.join(disks[1:])} to the group of {name}",
                            detail=f"Setup put {disks[0]} (the data path) into the group; move every other Physical "
                                   "Disk resource of the clustered mailbox server there too, so the disks fail over "
                                   "with it.", command=[self.cluster.move_resource(r.name, group.name) for r in others],
                            **common)

    def storage_groups(self, group: Group) -> None:
        name = self.server_name(group)
        planned = self.planned_storage_groups(group)
        if planned:
            lines = [line for sg in planned for line in self.storage_group_commands(name, sg)]
            self.add_for_server(group, "storage-groups", f"Create the storage groups and databases of {name}",
                                command=lines, shell=EMS, verify=f"Get-MailboxDatabase -Server {ps(name)} -Status",
                                detail="Logs and databases on the server's planned disks; a storage group or "
                                       "database that exists already is left as it is.", run_by=EXCHANGE_ADMIN,
                                rule_ids=self.rules_that_apply("storage-group-on-server-disks"))
        if self.model and not self.model.shared_storage:
            self.check_replication(group, name)

    @staticmethod
    def storage_group_commands(name: str, sg) -> list[str]:
        """One storage group with its database, each made only when it is not there yet."""
        sg_name = shown(sg.name, "storage group name")
        database = shown(sg.database, "database name")
        logs = shown(sg.log_folder, "log folder")
        folder = shown(sg.database_folder, "database folder")
        group_id, database_id = ps(name + "\\" + sg_name), ps(name + "\\" + sg_name + "\\" + database)
        return [f"if (-not (Get-StorageGroup -Identity {group_id} -ErrorAction SilentlyContinue)) "
                f"{{ New-StorageGroup -Server {ps(name)} -Name {ps(sg_name)} -LogFolderPath {ps(logs)} "
                f"-SystemFolderPath {ps(logs)} }}",
                f"if (-not (Get-MailboxDatabase -Identity {database_id} -ErrorAction SilentlyContinue)) "
                f"{{ New-MailboxDatabase -StorageGroup {group_id} -Name {ps(database)} "
                f"-EdbFilePath {ps(folder + chr(92) + database + '.edb')} }}",
                f"if (-not (Get-MailboxDatabase -Identity {database_id} -Status).Mounted) "
                f"{{ Mount-Database -Identity {database_id} }}"]

    # ------------------------------------------------------------ phase 5

    def fail_over(self, group: Group, owners: list[str]) -> None:
        name = self.server_name(group)
        start = owners[0] if owners else "[nodes not answered]"
        commands = [f"Move-ClusteredMailboxServer -Identity {ps(name)} -TargetMachine {ps(node)} "
                    f"-MoveComment 'Failover test' -Confirm:$false" for node in owners[1:] + [start]]
        self.add_for_server(group, "move-group", f"Move {name} to each node and back to {start}",
                            run_by=CLUSTER_ADMIN, command=commands, shell=EMS,
                            verify=self.online_checks(name), rule_ids=("cms-passive-node",),
                            detail="Use Move-ClusteredMailboxServer in the Exchange Management Shell, "
                                   "never the cluster tools; the server must come online on each node.")
