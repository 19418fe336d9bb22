"""The strategy document, its sections, revisions, comments and amendments:
built by the strategy issue (see DESIGN.md)."""
