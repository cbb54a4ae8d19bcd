"""Team review: comments, waivers, approvals, revisions and differences, activity."""
