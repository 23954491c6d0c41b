"""The demo's survey and quiz: answers recorded through the commands, and a second run adds nothing."""

from motcua.org.tests.factories import StaffFactory, UserFactory
from motcua.surveys import demo
from motcua.surveys.models import Campaign, Response
from motcua.surveys.quiz_models import QuizRound

from .conftest import at


def test_the_demo_loads_once(world):
    StaffFactory(
        user=UserFactory(username="hoankiem.kiemsoat"), agency=world.ward_a, roles=["control_officer"]
    )
    for day in range(1, 25):
        world.returned(world.ward_a, day=day)
    answered, questions = demo.load(now=at(28, 10))
    assert answered == Response.objects.count() > 0 and questions == 5
    assert demo.load(now=at(28, 11)) == (0, 0)
    assert Campaign.objects.count() == 1 and QuizRound.objects.count() == 1
