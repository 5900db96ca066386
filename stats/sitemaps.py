from kela_portal.sitemaps import PageSitemap

SITEMAPS = {"statistics": PageSitemap("stats:index")}
