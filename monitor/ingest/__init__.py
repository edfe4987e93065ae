"""Ingest: polling a source, discovering its stories, and taking each article through its steps.

- :mod:`monitor.ingest.polling` one poll of one source, as events (fetch, parse, discover)
- :mod:`monitor.ingest.discovery` which items of a parsed feed are new stories (pure)
- :mod:`monitor.ingest.next_check` when to poll a source next (pure)
- :mod:`monitor.ingest.processing` an article's steps: page, extraction, story link, judgement
- :mod:`monitor.ingest.pending` what is left to do on an article, read from its stream (pure)
- :mod:`monitor.ingest.resume` resuming that work after a restart
- :mod:`monitor.ingest.stories` same story, other URL (SimHash fingerprints)
- :mod:`monitor.ingest.urls` canonical URLs and stream ids (pure)
- :mod:`monitor.ingest.ports` the ports the pipeline calls and what it remembers of a source
"""
