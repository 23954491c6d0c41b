"""The national e-ID (VNeID) as an identity plugin: OpenID Connect (authorisation code + PKCE).

`base` holds the interface and the registry, `production` the plugin that reads the real provider's
settings, `identities` the simulator's people (shared with the population-data simulator) and
`simulator/` a real OIDC provider mounted at /mo-phong/vneid/ in the demo and the tests only.
"""
