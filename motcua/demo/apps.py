from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Installed only for its management command (`load_demo`); it has no models."""

    name = "motcua.demo"
    label = "demo"
    verbose_name = "Dữ liệu mẫu (công cụ)"
