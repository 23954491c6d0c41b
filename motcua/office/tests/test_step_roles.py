"""The workspace shows who a step is for, and offers its actions only to them."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from motcua.catalog.models import ProcessDefinition, ProcessStep
from motcua.dossiers import services
from motcua.dossiers.models import StepState

from .conftest import login, receive


@pytest.fixture
def dossier(version, commune, desk):
    """Two steps running side by side: the specialist's check and the leader's signature."""
    process = ProcessDefinition.objects.create(version=version, agency=commune)
    for order, (work, responsible) in enumerate(
        [("Thẩm định hồ sơ", "Chuyên viên xử lý"), ("Ký giấy khai sinh", "Chủ tịch UBND phường")], start=1
    ):
        ProcessStep.objects.create(
            process=process,
            order=order,
            work=work,
            responsible=responsible,
            amount=1,
            unit="working_day",
            parallel_group=1,
        )
    dossier = receive(version, commune, desk, now=timezone.now())
    return services.start_processing(dossier=dossier, actor=services.Actor.officer(desk), now=timezone.now())


def page(client, staff, dossier):
    return login(client, staff).get(reverse("office:dossier", args=[dossier.code])).content.decode()


def complete_choices(html):
    form = html[html.index('data-action="complete_step"') :]
    form = form[: form.index("</form>")]
    return set(re.findall(r'name="complete_step-step"[^>]*value="(\d+)"', form)) | set(
        re.findall(r'<option value="(\d+)"', form)
    )


def test_the_steps_show_the_role_they_go_to(client, dossier, specialist):
    html = page(client, specialist, dossier)
    assert "Chủ tịch UBND phường" in html
    assert '<span class="tag step-role"' in html and "Lãnh đạo cơ quan</span>" in html


def test_each_officer_is_offered_only_their_step(client, dossier, specialist, leader):
    check = dossier.steps.get(work="Thẩm định hồ sơ")
    sign = dossier.steps.get(work="Ký giấy khai sinh")
    assert complete_choices(page(client, specialist, dossier)) == {str(check.pk)}
    assert complete_choices(page(client, leader, dossier)) == {str(sign.pk)}


def test_a_specialist_cannot_complete_the_leaders_step(client, dossier, specialist):
    sign = dossier.steps.get(work="Ký giấy khai sinh")
    response = login(client, specialist).post(
        reverse("office:action", args=[dossier.code, "complete_step"]), {"complete_step-step": sign.pk}
    )
    assert response.status_code == 422
    sign.refresh_from_db()
    assert sign.state == StepState.ACTIVE


def test_the_queue_brings_each_step_to_its_role(client, dossier, specialist, leader):
    def queue(staff):
        return login(client, staff).get(reverse("office:queue")).content.decode()

    assert "Thẩm định hồ sơ" in queue(specialist) and "Ký giấy khai sinh" not in queue(specialist)
    assert "Ký giấy khai sinh" in queue(leader) and "Thẩm định hồ sơ" not in queue(leader)
