"""The operations a machine client may be granted, one OAuth2 scope each (the names are those of
`OAUTH2_PROVIDER["SCOPES"]`, which the token endpoint accepts)."""

DOSSIERS_READ = "dossiers:read"
DOSSIERS_WRITE = "dossiers:write"
CATALOG_READ = "catalog:read"
REPORTS_READ = "reports:read"
SYNC = "sync"
EVENTS = "events"

ALL = (DOSSIERS_READ, DOSSIERS_WRITE, CATALOG_READ, REPORTS_READ, SYNC, EVENTS)
