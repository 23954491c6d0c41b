"""The simulated national portal at /mo-phong/cong-dvc/ (demo and tests only): the production
client's protocol (client.py), the schema enforced, the records held, switches to misbehave."""
