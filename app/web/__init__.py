"""Cross-cutting web concerns: error pages, template helpers, security headers."""
