"""The runbook of Exchange 2007: the directory prepared with setup.com, then on each node the
Mailbox role, where the node that will run a clustered mailbox server creates it with /NewCms;
setup makes every cluster resource of the server itself."""
from __future__ import annotations

from app.domain import versions
from app.domain.cluster import Group, Node
from app.domain.runbook.base import CLUSTER_ADMIN, PHASE_INTROS, PHASE_TITLES, Runbook
from app.domain.words import shown

RULES = ("setup-one-node-at-a-time", "setup-attended-only", "binaries-local-drive", "binaries-same-drive",
         "nodes-same-exchange-version", "exchange2007-mailbox-role-only", "cms-passive-node", "setup-node-order")


class Exchange2007Runbook(Runbook):
    phase_titles = {**PHASE_TITLES, 4: "Clustered mailbox servers"}
    phase_intros = {**PHASE_INTROS, 4: "Exchange 2007 setup creates every resource of a clustered mailbox server; "
                                       "here you only check them (and, for a single copy cluster, add the disks)."}

    @property
    def model(self) -> versions.ClusterModel | None:
        return versions.cluster_model(self.plan.exchange.cluster_type)

    @property
    def shared_storage(self) -> bool:
        return bool(self.model and self.model.shared_storage)

    # ------------------------------------------------------------ phase 1

    def prepare_directory(self) -> None:
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

    def records_by_hand_without_dynamic_updates(self) -> bool:
        return True

    # ------------------------------------------------------------ phase 3

    def install(self, node: Node) -> None:
        name = self.node_name(node)
        drive = self.binaries(node)
        detail = f"Binaries on {drive}, the same local drive on every node."
        if drive.upper() != "C:" and not drive.startswith("["):
            detail += f" Add /TargetDir:\"{drive}\\Program Files\\Microsoft\\Exchange Server\" to the command."
        run_by = f"An Exchange Organization Administrator who is a local administrator of {name}"
        group = next((g for g in self.server_groups() if g.home is not None and g.home == node.name), None)
        if group is None:
            self.add_for_node(node, "install-exchange", f"On {name}, install the passive Mailbox role",
                              command="setup.com /mode:install /roles:Mailbox", run_by=run_by,
                              detail=detail + " Let it finish before the next node starts.", rule_ids=RULES)
            return
        detail += (" A clustered mailbox server is later moved with Move-ClusteredMailboxServer, "
                   "not with the cluster tools.")
        self.add_for_node(node, "install-exchange",
                          f"On {name}, install the active Mailbox role and create the clustered mailbox "
                          f"server {self.server_name(group)}", command=self.new_cms_command(group), run_by=run_by,
                          detail=detail, rule_ids=RULES + ("sa-resources-automatic",),
                          evidence=(f"group:{group.name}",
                                    *(f"resource:{r.name}" for r in self.state.resources_of(group.name)
                                      if r.made_by == "exchange")))

    def new_cms_command(self, group: Group) -> str:
        label = self.server_label(group)
        command = (f"setup.com /mode:install /roles:Mailbox /NewCms /CMSName:{self.server_name(group)} "
                   f"/CMSIPAddress:{self.server_ip(group)}")
        if self.shared_storage:
            disks = group.disks or ()
            folder = f"{disks[0]}\\{label}" if disks else f"[shared disk of {label} not answered]"
            command += f" /CMSSharedStorage /CMSDataPath:{folder}"
        return command

    # ------------------------------------------------------------ phase 4

    def server(self, group: Group) -> None:
        name = self.server_name(group)
        self.add_for_server(group, "check-resources", f"Check the resources setup created for {name}",
                            detail="Setup created the group and every resource of the clustered mailbox server; "
                                   "create nothing by hand.",
                            run_by=CLUSTER_ADMIN, rule_ids=("sa-resources-automatic",))
        if self.shared_storage:
            self.add_disks(group, name)

    def add_disks(self, group: Group, name: str) -> None:
        disks = list(group.disks or ())
        common = {"run_by": CLUSTER_ADMIN, "console": f"{self.tool} › Physical Disk resource › Change Group",
                  "rule_ids": ("evs-has-disk", "evs-disk-exists", "disk-one-owner"),
                  "evidence": tuple(f"resource:{r.name}" for r in self.state.resources_of(group.name)
                                    if r.type == "Physical Disk")}
        if len(disks) <= 1:
            disk = disks[0] if disks else f"[disk of {self.server_label(group)} not answered]"
            self.add_for_server(group, "add-disks", f"Confirm that the disk {disk} is in the group of {name}",
                                detail="Setup puts the disk holding the data path into the group; check it is there.",
                                **common)
            return
        self.add_for_server(group, "add-disks", f"Add the disks {', '.join(disks[1:])} to the group of {name}",
                            detail=f"Setup put {disks[0]} (the data path) into the group; move every other Physical "
                                   "Disk resource of the clustered mailbox server there too, so the disks fail over "
                                   "with it.", **common)

    # ------------------------------------------------------------ phase 5

    def fail_over(self, group: Group, owners: list[str]) -> None:
        name = self.server_name(group)
        start = owners[0] if owners else "[nodes not answered]"
        commands = [f'Move-ClusteredMailboxServer -Identity {name} -TargetMachine {node} -MoveComment "Test"'
                    for node in owners[1:] + [start]]
        self.add_for_server(group, "move-group", f"Move {name} to each node and back to {start}",
                            run_by=CLUSTER_ADMIN, command="\n".join(commands), rule_ids=("cms-passive-node",),
                            detail="Use Move-ClusteredMailboxServer in the Exchange Management Shell, "
                                   "never the cluster tools; the server must come online on each node.")
