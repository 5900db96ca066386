"""Full-text search over all published content and pages, in every language of the portal.

Apps say what is searchable from their AppConfig.ready(), e.g.
`search.register(Unit, title="name", body=("summary",), dependants=Unit.descendants)` for a
model, and `search.register_page("partners:guide", kind=search.TOOL)` for a page.
"""

from .registry import PAGE, SECTION, TOOL, register, register_page

__all__ = ["PAGE", "SECTION", "TOOL", "register", "register_page"]
