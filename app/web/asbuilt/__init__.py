"""The As built page of a project, and the Nodes prefill from a server's output."""
