"""The domain: plain Python with no web or database package. The plan and its format, the rule
catalog and engine, the intended cluster state, the runbook, the diagram."""
