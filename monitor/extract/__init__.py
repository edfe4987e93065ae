"""Extraction: a page's HTML to its text and metadata, run in worker processes.

- :mod:`monitor.extract.extractor` the extractor port's implementation (trafilatura)
- :mod:`monitor.extract.trafilatura_steps` trafilatura's extraction step by step on one tree
- :mod:`monitor.extract.byline` the page's author, without copying the page
- :mod:`monitor.extract.worker_pool` worker processes driven by the event loop
"""
