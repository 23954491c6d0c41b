"""The demo: `manage.py load_demo` loads a Hà Nội-like city and a month of dossiers where the demo
accounts work. A tool app like `simulation`: no model, nothing at run time imports it."""
