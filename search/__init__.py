"""Full-text search over all published content, in every language of the portal.

Apps say what is searchable from their AppConfig.ready(), e.g.
`search.register(Unit, title="name", body=("summary",), dependants=Unit.descendants)`.
"""

from .registry import register

__all__ = ["register"]
