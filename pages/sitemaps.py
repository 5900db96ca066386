from kela_portal.sitemaps import PageSitemap

SITEMAPS = {"portal": PageSitemap("accessibility", "privacy", "contact")}
