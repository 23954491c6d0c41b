"""Import and export of the catalogue: validation, the import core, JSON and Excel (see importers.py)."""
