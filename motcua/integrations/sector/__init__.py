"""Sector systems (issue 13): a ministry's own system (civil status, business registration…) that
decides part of a dossier. The same outbox as the national sync (`integrations.dispatch`) carries
the dossier's record to it; the system answers with its own case code at once and later with the
result (a document and that code) or a refusal, by a signed callback.

- `config`: the systems this installation knows (`MOTCUA_SECTOR_SYSTEMS`) and each one's partner
  name in the outbox (`sector.<code>`).
- `record`: the record's JSON Schema (`schemas/sector-dossier.schema.json`), checked before sending
  and by the simulator on receipt.
- `signing`: HMAC-SHA256 over timestamp and body, both ways; the callback's freshness window.
- `transport`: the production plugin (JSON over HTTPS, a dispatch `Transport`).
- `simulator/`: the civil-status system at /mo-phong/he-thong-nganh/ (demo and tests only).

The dossier side (who hands what over, what a callback changes) is `motcua.dossiers.sector`.
"""
