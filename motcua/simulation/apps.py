from django.apps import AppConfig


class SimulationConfig(AppConfig):
    """Installed only for its management command (`generate_dossiers`); it has no models."""

    name = "motcua.simulation"
    label = "simulation"
    verbose_name = "Mô phỏng hồ sơ (công cụ)"
