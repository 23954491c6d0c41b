"""The legal forms of a dossier (filled in below)."""


def on_event(dossier, event, form):
    return None
