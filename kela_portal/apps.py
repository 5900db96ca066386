from django.apps import AppConfig


class KelaPortalConfig(AppConfig):
    name = "kela_portal"
    verbose_name = "Kela portal"
