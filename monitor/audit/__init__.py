"""Audits: the trail behind an article or an alert, what-if rematching, signed checkpoints.

- :mod:`monitor.audit.trail` where an article came from, how it was judged, who was alerted
- :mod:`monitor.audit.rematch` judging stored texts with another ruleset (pure)
- :mod:`monitor.audit.checkpoints` signed checkpoints of the log's head, written outside the
  database (the one meaning of "checkpoint"; a read model's place in the log is its position)
"""
