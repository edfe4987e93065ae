"""Every read model the daemon keeps, by name (built-in ones use the same extension point)."""

from __future__ import annotations

from monitor.readmodels.articles import ArticleProjection
from monitor.readmodels.sources import SourceHealthProjection
from store.projections import Projection
from store.stream_index import StreamIndexProjection


def all_projections() -> list[Projection]:
    """The projections ``run`` keeps live and ``replay`` rebuilds, in dependency order."""
    return [StreamIndexProjection(), SourceHealthProjection(), ArticleProjection()]
