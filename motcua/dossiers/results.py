"""The result of a dossier: attached or generated, signed by the approver, delivered."""


def effect(dossier, action, *, actor, now, values):
    return {}


def attach_result(*, dossier, actor, now, file=None):
    raise NotImplementedError
