"""The reference writer: every act of every story performed through `motcua.dossiers.services`
with its explicit `now`, inside `effects.suspended()` (no PDF forms, no notifications)."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils import translation

from motcua.dossiers import effects, services
from motcua.dossiers.models import Dossier, DossierStep
from motcua.dossiers.states import Action

from .history import Act, Story
from .world import Member


class Replayer:
    def __init__(self):
        self._actors: dict[int, services.Actor] = {}

    def actor(self, member: Member | None, story: Story) -> services.Actor:
        if member is None:
            return services.Actor.applicant(None, story.person.full_name)
        actor = self._actors.get(member.staff.pk)
        if actor is None:
            actor = self._actors[member.staff.pk] = services.Actor.officer(member.staff)
        return actor

    def intake(self, story: Story) -> services.Intake:
        p = story.person
        return services.Intake(
            version=story.version,
            agency=story.agency,
            applicant=services.ApplicantData(
                kind=p.kind,
                full_name=p.full_name,
                id_number=p.id_number,
                date_of_birth=p.date_of_birth,
                organisation=p.organisation,
                tax_code=p.tax_code,
                address=p.address,
                phone=p.phone,
                email=p.email,
            ),
            papers=[
                services.PaperData(name=name, kind=kind, count=count, source=source, requirement_id=req)
                for req, name, kind, count, source in story.papers
            ],
            channel=story.channel,
            postal_item_number=story.postal_item_number,
        )

    def write(self, story: Story) -> Dossier | None:
        dossier = None
        steps: list[int] = []
        for act in story.acts:
            dossier = self.perform(act, story, dossier, steps)
            if act.action == Action.START_PROCESSING:
                steps[:] = (
                    DossierStep.objects.filter(dossier=dossier).order_by("id").values_list("pk", flat=True)
                )
        return dossier

    def perform(self, act: Act, story: Story, dossier: Dossier | None, steps: list[int]) -> Dossier:
        now, actor, p = act.at, self.actor(act.actor, story), act.params
        a = act.action
        if a == "receive_at_desk":
            return services.receive_at_desk(officer=act.actor.staff, intake=self.intake(story), now=now)
        if a == "submit":
            return services.submit_online(intake=self.intake(story), now=now)
        common = {"dossier": dossier, "actor": actor, "now": now}
        if a == Action.RECEIVE:
            return services.accept_submission(**common)
        if a == Action.REQUEST_SUPPLEMENT:
            return services.request_supplement(**common, reasons=p["reasons"])
        if a == Action.SUPPLEMENT:
            papers = [
                services.PaperData(name=name, kind=kind, count=count, source=source, requirement_id=req)
                for _number, req, name, kind, count, source in p.get("papers", [])
            ]
            return services.supplement(**common, papers=papers)
        if a == Action.AWAIT_FEES:
            return services.await_fees(**common, fees=p["fees"])
        if a == Action.PAY_FEES:
            return services.pay_fees(**common)
        if a == Action.REFUSE:
            return services.refuse(**common, reason=p["reason"])
        if a == Action.STOP:
            return services.stop(**common, reason=p["reason"])
        if a == Action.WITHDRAW:
            return services.withdraw(**common, reason=p["reason"])
        if a == Action.EXTEND:
            return services.extend(**common, reason=p["reason"], new_due=p["new_due"])
        if a == Action.START_PROCESSING:
            return services.start_processing(**common)
        if a == Action.COMPLETE_STEP:
            return services.complete_step(**common, step=steps[p["step"]])
        if a == Action.RESOLVE:
            return services.resolve(**common)
        if a == Action.DELIVER:
            return services.deliver(
                **common,
                received_by=p["received_by"],
                channel=p["channel"],
                postal_item_number=p.get("postal_item_number", ""),
            )
        raise ValueError(f"unknown act {a!r}")


def replay(stories: Iterable[Story], progress=None) -> int:
    """Write the stories through the services; returns the number of dossiers written."""
    replayer = Replayer()
    written = 0
    with effects.suspended(), translation.override("vi"):
        for story in stories:
            replayer.write(story)
            written += 1
            if progress is not None:
                progress(1)
    return written
