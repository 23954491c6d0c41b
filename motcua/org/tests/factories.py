"""Factories for the organisation, importable by every app's tests.

`AgencyFactory()` makes a department under a People's Committee of group H26 with a unique code;
`StaffFactory(roles=["desk_officer"])` makes a staff member with a user and those roles.
Factories write rows directly (like fixtures); tests of the rules go through motcua.org.services.
"""

import factory
from django.contrib.auth import get_user_model

from motcua.org.models import (
    Agency,
    AgencyLevel,
    DeskKind,
    Hotline,
    ServiceDesk,
    Staff,
    StaffRole,
)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"canbo{n}")
    password = factory.django.Password("motcua-test")


class ProvinceFactory(factory.django.DjangoModelFactory):
    """The People's Committee of a province (root of a tree). Reused when the code exists."""

    class Meta:
        model = Agency
        django_get_or_create = ("code",)

    code = "000.00.00.H26"
    name = "Ủy ban nhân dân Thành phố Hà Nội"
    short_name = "UBND TP"
    level = AgencyLevel.PROVINCE


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency

    parent = factory.SubFactory(ProvinceFactory)
    code = factory.Sequence(lambda n: f"000.00.{(n % 900) + 100:03d}.H26")
    name = factory.Sequence(lambda n: f"Sở Thử nghiệm {n}")
    short_name = factory.Sequence(lambda n: f"STN{n}")
    level = AgencyLevel.DEPARTMENT


class CommuneFactory(AgencyFactory):
    name = factory.Sequence(lambda n: f"Ủy ban nhân dân Phường Thử nghiệm {n}")
    short_name = ""
    level = AgencyLevel.COMMUNE


class SubUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency

    parent = factory.SubFactory(AgencyFactory)
    code = factory.LazyAttributeSequence(
        lambda o, n: "000.{:02d}.{}".format((n % 90) + 1, o.parent.code.split(".", 2)[2])
    )
    name = factory.Sequence(lambda n: f"Phòng Thử nghiệm {n}")
    level = AgencyLevel.SUB_UNIT


class ServiceDeskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceDesk
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Bộ phận Một cửa số {n}")
    kind = DeskKind.ONE_STOP
    host_agency = factory.SubFactory(AgencyFactory)
    address = factory.Sequence(lambda n: f"{n} Phố Thử nghiệm, Hà Nội")

    @factory.post_generation
    def agencies(self, create, extracted, **kwargs):
        if create:
            self.agencies.set(extracted if extracted is not None else [self.host_agency])


class HotlineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Hotline

    desk = factory.SubFactory(ServiceDeskFactory)
    label = "Đường dây nóng"
    phone = factory.Sequence(lambda n: f"024 3{n:07d}")


class StaffFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Staff
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn Thử {n}")
    agency = factory.SubFactory(AgencyFactory)
    position = "Chuyên viên"

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create and extracted:
            StaffRole.objects.bulk_create([StaffRole(staff=self, role=r) for r in extracted])
