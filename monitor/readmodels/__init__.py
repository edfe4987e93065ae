"""Read models of the daemon: projections of the log into tables (rebuildable by replay)."""
