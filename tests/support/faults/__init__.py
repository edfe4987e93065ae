"""The fault harness of tests/faults (see tests/faults/README.md): the checks on a finished run
(:mod:`.checks`), the growing feed farm (:mod:`.farm`) and the harness that starts the replicas
and applies the faults (:mod:`.harness`)."""
