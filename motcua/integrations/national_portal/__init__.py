"""The national public-service portal (Cổng DVCQG): every change of a dossier's state is pushed as
its sync record (dossiers.national_sync queues it; integrations.dispatch carries it).

- `client.py`: the plugin interface (`PortalClient`: token, push a record, list what the portal holds,
  its counts) and the production client (HTTP JSON; URL, credentials, MaDonViTiepNhan and every path
  are settings in `MOTCUA_NATIONAL_PORTAL`); an empty URL means the simulator, called in process.
- `transport.py`: the dispatch Transport for partner "national_portal" (answers → delivery states).
- `simulator/`: the portal as the demo and the tests see it, at /mo-phong/cong-dvc/.
- `schemas/sync-record.schema.json`: the record's JSON Schema, which the simulator enforces.
"""

PARTNER = "national_portal"
