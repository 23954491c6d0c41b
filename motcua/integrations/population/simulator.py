"""The population-data simulator: the VNeID simulator's people, in process (demo and tests)."""

from __future__ import annotations

from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from ..vneid import identities
from .base import PersonRecord, PopulationSource, register


def _record(person: identities.Identity) -> PersonRecord:
    return PersonRecord(
        id_number=person.id_number,
        full_name=person.full_name,
        date_of_birth=person.date_of_birth,
        gender=person.gender,
        permanent_address=person.address,
        current_address=person.address,
        phone=person.phone,
    )


@register
class SimulatedPopulation(PopulationSource):
    key = "simulator"

    def lookup(self, id_number: str) -> PersonRecord | None:
        person = identities.find(id_number)
        return _record(person) if person else None


@require_GET
def people(request):
    return render(
        request, "population/people.html", {"people": [_record(p) for p in identities.all_identities()]}
    )


@require_GET
def person(request, id_number: str):
    """The simulator's HTTP face, as the production plugin calls it (GET <base>/cong-dan/<number>)."""
    found = SimulatedPopulation().lookup(id_number)
    if found is None:
        raise Http404
    return JsonResponse(
        {
            "so_dinh_danh": found.id_number,
            "ho_ten": found.full_name,
            "ngay_sinh": found.date_of_birth.isoformat(),
            "gioi_tinh": found.gender,
            "noi_thuong_tru": found.permanent_address,
            "noi_o_hien_tai": found.current_address,
        }
    )
