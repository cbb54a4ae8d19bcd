"""The web layer: blueprints, forms and template helpers, over storage and the domain."""
