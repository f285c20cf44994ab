"""Site stage: collect articles into taxonomies, paginate, and plan every page as data."""
