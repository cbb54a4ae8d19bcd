"""The Failover page: where every server goes when nodes fail, from the plan's intended state."""
