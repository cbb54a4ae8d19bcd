"""The cluster a plan describes (its intended state), in types a captured cluster shares."""
from app.domain.cluster.state import ClusterState, Disk, Group, Network, Node, Quorum, Resource, intended_state

__all__ = ["ClusterState", "Disk", "Group", "Network", "Node", "Quorum", "Resource", "intended_state"]
