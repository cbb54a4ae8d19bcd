"""The failover what-if: where every server goes when nodes fail, worked out from the intended state."""
from app.domain.failover.scenarios import (FailoverReport, Limits, choose_nodes, failover_report,
                                           single_failures)
from app.domain.failover.simulate import (NodeLoad, Outcome, Placement, failover_order, node_ids, server_label,
                                          simulate)

__all__ = ["FailoverReport", "Limits", "NodeLoad", "Outcome", "Placement", "choose_nodes", "failover_order",
           "failover_report", "node_ids", "server_label", "simulate", "single_failures"]
