"""Demo organisation of a Hà Nội-like city, loaded by `manage.py load_demo`.

What is real and what is not (kept visible in each agency's `note` and `code_verified` flag):
- Names of the departments and of the wards/communes follow Hà Nội's organisation after the
  2025 reforms (departments merged from 1/3/2025; two-level local government from 1/7/2025,
  126 communes/wards). Dates of the department mergers are *(verify)*.
- Hà Nội's level-1 group `H26` is *(verify)* (DOMAIN.md §1). Every code below other than the
  People's Committee's `000.00.00.H26` pattern is INVENTED in the Decision 20/2020 shape and marked
  `code_verified=False`.
- Addresses of desks, area, phone numbers and every person's name are ILLUSTRATIVE: no real
  official is named and no number should be dialled.

Loading is idempotent: rows are looked up by natural key (agency code + valid_from, desk name,
username) and only written through motcua.org.services when something differs.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction

from . import services
from .models import Agency, AgencyLevel, DeskKind, Role, ServiceDesk, Staff

DEMO_PASSWORD = "motcua2025"
GROUP = "H26"  # Hà Nội (verify)
MERGER_DAY = datetime.date(2025, 3, 1)  # departments merged (verify)
TWO_LEVEL_DAY = datetime.date(2025, 7, 1)  # communes directly under the city
LAST_DISTRICT_DAY = datetime.date(2025, 6, 30)

NOTE_GROUP = "Nhóm cấp 1 H26 của Hà Nội chưa được xác minh (DOMAIN.md: verify)."
NOTE_INVENTED = (
    "Mã định danh do dữ liệu mẫu tự đặt theo cấu trúc QĐ 20/2020/QĐ-TTg, chưa đối chiếu danh mục chính thức."
)
NOTE_DESK = "Dữ liệu minh họa: địa chỉ, diện tích, số điện thoại và họ tên cán bộ là giả định."


def code(*groups: int | str) -> str:
    """code(0, 0, 12) → '000.00.12.H26' (lowest level first, as the decision writes it)."""
    first, *rest = groups
    return ".".join([f"{int(first):03d}", *(f"{int(g):02d}" for g in rest), GROUP])


# short_name, name, level-2 group, valid_from, sub-units. The catalogue loader maps sectors to
# these short names: STP, STC, SXD, SNNMT must stay.
DEPARTMENTS = [
    (
        "STP",
        "Sở Tư pháp",
        2,
        None,
        ["Phòng Hành chính tư pháp", "Phòng Bổ trợ tư pháp", "Phòng Phổ biến, giáo dục pháp luật"],
    ),
    (
        "STC",
        "Sở Tài chính",
        3,
        MERGER_DAY,
        ["Phòng Đăng ký kinh doanh", "Phòng Quản lý ngân sách", "Phòng Quản lý giá và công sản"],
    ),
    (
        "SXD",
        "Sở Xây dựng",
        4,
        MERGER_DAY,
        [
            "Phòng Quản lý hoạt động xây dựng",
            "Phòng Phát triển đô thị",
            "Phòng Quản lý nhà và thị trường bất động sản",
        ],
    ),
    (
        "SNNMT",
        "Sở Nông nghiệp và Môi trường",
        5,
        MERGER_DAY,
        [
            "Phòng Quản lý đất đai",
            "Chi cục Thủy lợi",
            "Chi cục Chăn nuôi, Thủy sản và Thú y",
            "Chi cục Bảo vệ môi trường",
        ],
    ),
    ("SYT", "Sở Y tế", 6, None, ["Phòng Nghiệp vụ Y", "Phòng Nghiệp vụ Dược", "Chi cục Dân số"]),
    (
        "SGDĐT",
        "Sở Giáo dục và Đào tạo",
        7,
        None,
        ["Phòng Giáo dục Trung học", "Phòng Quản lý thi và Kiểm định chất lượng"],
    ),
    (
        "SNV",
        "Sở Nội vụ",
        8,
        MERGER_DAY,
        ["Phòng Tổ chức, biên chế", "Phòng Lao động - Việc làm", "Phòng Người có công"],
    ),
    ("SCT", "Sở Công Thương", 9, None, ["Phòng Quản lý thương mại", "Phòng Quản lý năng lượng"]),
    (
        "SVHTT",
        "Sở Văn hóa và Thể thao",
        10,
        MERGER_DAY,
        ["Phòng Quản lý văn hóa", "Phòng Quản lý thể dục thể thao"],
    ),
    (
        "SKHCN",
        "Sở Khoa học và Công nghệ",
        11,
        MERGER_DAY,
        ["Phòng Quản lý công nghệ", "Phòng Bưu chính, viễn thông"],
    ),
    ("SNGV", "Sở Ngoại vụ", 12, None, ["Phòng Lãnh sự"]),
]
# Departments that ended at the 2025 merger, kept to show history (their codes are not reused).
FORMER_DEPARTMENTS = [
    ("SKHĐT", "Sở Kế hoạch và Đầu tư", 30),
    ("STNMT", "Sở Tài nguyên và Môi trường", 31),
]
VERTICAL = [
    ("CATP", "Công an Thành phố Hà Nội", 40, ["Phòng Cảnh sát quản lý hành chính về trật tự xã hội"]),
    ("BHXH", "Bảo hiểm xã hội Thành phố Hà Nội", 41, ["Phòng Quản lý thu và Phát triển người tham gia"]),
]
# Former districts (until 30/6/2025) with two of their old wards, to show history.
FORMER_DISTRICTS = [
    ("Quận Hoàn Kiếm", 60, ["Phường Hàng Trống", "Phường Tràng Tiền"]),
    ("Quận Ba Đình", 61, ["Phường Điện Biên", "Phường Quán Thánh"]),
    ("Quận Cầu Giấy", 62, ["Phường Dịch Vọng", "Phường Quan Hoa"]),
]
# Wards and communes from 1/7/2025 (names from the 2025 arrangement; verify before production).
COMMUNES = [
    "Phường Hoàn Kiếm",
    "Phường Cửa Nam",
    "Phường Ba Đình",
    "Phường Ngọc Hà",
    "Phường Giảng Võ",
    "Phường Hai Bà Trưng",
    "Phường Vĩnh Tuy",
    "Phường Bạch Mai",
    "Phường Đống Đa",
    "Phường Kim Liên",
    "Phường Văn Miếu - Quốc Tử Giám",
    "Phường Láng",
    "Phường Ô Chợ Dừa",
    "Phường Hồng Hà",
    "Phường Tây Hồ",
    "Phường Phú Thượng",
    "Phường Cầu Giấy",
    "Phường Nghĩa Đô",
    "Phường Yên Hòa",
    "Phường Thanh Xuân",
    "Phường Hoàng Mai",
    "Phường Long Biên",
    "Phường Hà Đông",
    "Xã Sóc Sơn",
    "Xã Đông Anh",
    "Xã Gia Lâm",
    "Xã Bát Tràng",
]
BRANCHES = [
    ("Chi nhánh số 1 (khu vực Hoàn Kiếm)", "Phường Hoàn Kiếm"),
    ("Chi nhánh số 2 (khu vực Cầu Giấy)", "Phường Cầu Giấy"),
    ("Chi nhánh số 3 (khu vực Hà Đông)", "Phường Hà Đông"),
]

# Invented, deliberately ordinary names (no real official).
_FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô", "Dương", "Lý"]
_MIDDLE = ["Văn", "Thị", "Minh", "Thu", "Quang", "Thanh", "Hồng", "Đức", "Ngọc", "Hải"]
_GIVEN = [
    "An",
    "Bình",
    "Chi",
    "Dũng",
    "Giang",
    "Hà",
    "Hùng",
    "Lan",
    "Long",
    "Mai",
    "Nam",
    "Phương",
    "Quân",
    "Sơn",
    "Trang",
    "Tú",
]


def person(n: int) -> str:
    return f"{_FAMILY[n % len(_FAMILY)]} {_MIDDLE[(n // 3) % len(_MIDDLE)]} {_GIVEN[(n * 7) % len(_GIVEN)]}"


def phone(n: int) -> str:
    return f"024 3999 {n:04d}"


def staff_phone(n: int) -> str:
    return f"024 3888 {n:04d}"


@dataclass
class Account:
    username: str
    role: str
    agency: str
    full_name: str


class DemoLoader:
    def __init__(self):
        self.created = 0
        self.updated = 0
        self._person = 0
        self.accounts: list[Account] = []

    # ---- idempotent writers (all through services) -------------------------------------------

    def agency(self, code_: str, *, valid_from=None, **fields) -> Agency:
        fields.setdefault("code_verified", False)
        fields.setdefault("note", f"{NOTE_INVENTED} {NOTE_GROUP}")
        existing = Agency.objects.filter(code=code_, valid_from=valid_from).first()
        if existing is None:
            self.created += 1
            return services.create_agency(code=code_, valid_from=valid_from, **fields)
        changes = {k: v for k, v in fields.items() if getattr(existing, k) != v}
        if not changes:
            return existing
        self.updated += 1
        return services.update_agency(agency=existing, **changes)

    def desk(self, name: str, *, agencies, hotlines, **fields) -> ServiceDesk:
        fields.setdefault("note", NOTE_DESK)
        existing = ServiceDesk.objects.filter(name=name).first()
        agencies = list(agencies)
        if existing is None:
            self.created += 1
            return services.create_desk(name=name, agencies=agencies, hotlines=hotlines, **fields)
        changes = {k: v for k, v in fields.items() if getattr(existing, k) != v}
        same_agencies = {a.pk for a in existing.agencies.all()} == {a.pk for a in agencies}
        if changes or not same_agencies:
            self.updated += 1
            existing = services.update_desk(
                desk=existing, agencies=None if same_agencies else agencies, **changes
            )
        services.set_hotlines(desk=existing, hotlines=hotlines)
        return existing

    def staff(
        self, username: str, *, full_name: str, agency: Agency, roles=(), password=None, **fields
    ) -> Staff:
        existing = Staff.objects.filter(user__username=username).select_related("user").first()
        if existing is None:
            if get_user_model().objects.filter(username=username).exists():
                raise RuntimeError(f"Tài khoản {username} đã có nhưng không gắn với cán bộ nào.")
            self.created += 1
            staff = services.create_staff(
                username=username,
                full_name=full_name,
                agency=agency,
                roles=roles,
                password=password,
                **fields,
            )
        else:
            wanted = {"full_name": full_name, "agency": agency, **fields}
            changes = {k: v for k, v in wanted.items() if getattr(existing, k) != v}
            same_roles = set(existing.roles.values_list("role", flat=True)) == set(roles)
            staff = existing
            if changes or not same_roles:
                self.updated += 1
                staff = services.update_staff(staff=existing, roles=None if same_roles else roles, **changes)
        if password:
            self.accounts.extend(Account(username, r, agency.name, full_name) for r in roles)
        return staff

    def directory_person(
        self, username: str, agency: Agency, desk: ServiceDesk, position: str, *, leader=False
    ):
        self._person += 1
        return self.staff(
            username,
            full_name=person(self._person),
            agency=agency,
            desk=desk,
            position=position,
            is_leader=leader,
            public_phone=staff_phone(self._person),
        )

    # ---- the tree ----------------------------------------------------------------------------

    def load(self) -> None:
        with transaction.atomic():
            self._load()

    def _load(self) -> None:
        city = self.agency(
            code(0, 0, 0),
            name="Ủy ban nhân dân Thành phố Hà Nội",
            short_name="UBND TP",
            level=AgencyLevel.PROVINCE,
            address="79 Đinh Tiên Hoàng, Hà Nội",
            phones="024 3825 3536",
            note=f"Cấu trúc mã theo QĐ 20/2020/QĐ-TTg. {NOTE_GROUP}",
        )
        office = self.agency(
            code(0, 0, 1),
            name="Văn phòng Ủy ban nhân dân Thành phố",
            short_name="VP UBND",
            level=AgencyLevel.PROVINCE_OFFICE,
            parent=city,
            address="79 Đinh Tiên Hoàng, Hà Nội",
        )
        self.agency(
            code(0, 1, 1),
            name="Phòng Kiểm soát thủ tục hành chính",
            level=AgencyLevel.SUB_UNIT,
            parent=office,
        )

        departments: dict[str, Agency] = {}
        units: dict[str, list[Agency]] = {}
        for short, name, group, since, subunits in DEPARTMENTS:
            dept = self.agency(
                code(0, 0, group),
                name=name,
                short_name=short,
                level=AgencyLevel.DEPARTMENT,
                parent=city,
                valid_from=since,
                address=f"Trụ sở {name}, Hà Nội (minh họa)",
            )
            departments[short] = dept
            units[short] = [
                self.agency(
                    code(0, i, group), name=unit, level=AgencyLevel.SUB_UNIT, parent=dept, valid_from=since
                )
                for i, unit in enumerate(subunits, start=1)
            ]
        for short, name, group in FORMER_DEPARTMENTS:
            self.agency(
                code(0, 0, group),
                name=name,
                short_name=short,
                level=AgencyLevel.DEPARTMENT,
                parent=city,
                valid_to=MERGER_DAY - datetime.timedelta(days=1),
            )
        vertical: dict[str, Agency] = {}
        for short, name, group, subunits in VERTICAL:
            agency = self.agency(
                code(0, 0, group),
                name=name,
                short_name=short,
                level=AgencyLevel.VERTICAL,
                parent=city,
                note=f"Cơ quan ngành dọc đặt tại thành phố; gắn dưới UBND TP để hiển thị cây. {NOTE_INVENTED}",
            )
            vertical[short] = agency
            units[short] = [
                self.agency(code(0, i, group), name=u, level=AgencyLevel.SUB_UNIT, parent=agency)
                for i, u in enumerate(subunits, start=1)
            ]
        for name, group, wards in FORMER_DISTRICTS:
            district = self.agency(
                code(0, 0, group),
                name=f"Ủy ban nhân dân {name}",
                short_name=name,
                level=AgencyLevel.DISTRICT,
                parent=city,
                valid_to=LAST_DISTRICT_DAY,
            )
            for i, ward in enumerate(wards, start=1):
                self.agency(
                    code(0, i, group),
                    name=f"Ủy ban nhân dân {ward}",
                    short_name=ward,
                    level=AgencyLevel.COMMUNE,
                    parent=district,
                    valid_to=LAST_DISTRICT_DAY,
                )
        communes: dict[str, Agency] = {}
        commune_units: dict[str, list[Agency]] = {}
        for i, name in enumerate(COMMUNES):
            group = 100 + i
            commune = self.agency(
                code(0, 0, group),
                name=f"Ủy ban nhân dân {name}",
                short_name=name,
                level=AgencyLevel.COMMUNE,
                parent=city,
                valid_from=TWO_LEVEL_DAY,
                address=f"Trụ sở UBND {name}, Hà Nội (minh họa)",
            )
            communes[name] = commune
            economy = "Phòng Kinh tế, Hạ tầng và Đô thị" if name.startswith("Phường") else "Phòng Kinh tế"
            commune_units[name] = [
                self.agency(
                    code(0, j, group),
                    name=u,
                    level=AgencyLevel.SUB_UNIT,
                    parent=commune,
                    valid_from=TWO_LEVEL_DAY,
                )
                for j, u in enumerate(["Văn phòng HĐND và UBND", economy, "Phòng Văn hóa - Xã hội"], start=1)
            ]

        self._desks(city, departments, units, vertical, communes)
        self._role_accounts(office, departments, units, communes, commune_units)

    def _desks(self, city, departments, units, vertical, communes) -> None:
        all_departments = [*departments.values(), *vertical.values()]
        centre = self.desk(
            "Trung tâm Phục vụ hành chính công Thành phố Hà Nội",
            kind=DeskKind.CENTRE,
            host_agency=city,
            address="258 Võ Chí Công, Phường Phú Thượng, Hà Nội (minh họa)",
            area_m2=1500,
            office_hours="Thứ Hai – Thứ Sáu: 08:00–12:00, 13:00–17:00",
            saturday_morning=True,
            phone="024 3999 0000",
            agencies=all_departments,
            hotlines=[
                ("Tổng đài tiếp nhận phản ánh, kiến nghị của Thành phố (cần xác minh)", "1022"),
                ("Đường dây nóng Trung tâm", "024 3999 0001"),
            ],
        )
        self.directory_person("demo.ttpvhcc.gd", city, centre, "Giám đốc Trung tâm", leader=True)
        self.directory_person("demo.ttpvhcc.pgd", city, centre, "Phó Giám đốc Trung tâm", leader=True)
        self.directory_person("demo.ttpvhcc.cv", city, centre, "Công chức tiếp nhận và trả kết quả")
        for n, (branch_name, ward) in enumerate(BRANCHES, start=1):
            branch = self.desk(
                f"{branch_name} – Trung tâm Phục vụ hành chính công Thành phố",
                kind=DeskKind.BRANCH,
                parent=centre,
                host_agency=city,
                address=f"Điểm tiếp nhận {ward}, Hà Nội (minh họa)",
                area_m2=400,
                saturday_morning=True,
                phone=phone(9000 + n),
                agencies=all_departments,
                hotlines=[("Đường dây nóng chi nhánh", phone(9100 + n))],
            )
            self.directory_person(
                f"demo.cn{n}.pt", city, branch, "Phó Giám đốc Trung tâm, phụ trách chi nhánh", leader=True
            )
            self.directory_person(f"demo.cn{n}.cv", city, branch, "Công chức tiếp nhận và trả kết quả")

        for k, (short, agency) in enumerate([*departments.items(), *vertical.items()]):
            desk = self.desk(
                f"Bộ phận Một cửa {agency.name}",
                kind=DeskKind.ONE_STOP,
                host_agency=agency,
                address=agency.address or f"Trụ sở {agency.name}, Hà Nội (minh họa)",
                area_m2=80,
                saturday_morning=False,
                agencies=[agency, *units[short]],
                hotlines=[("Lãnh đạo phụ trách Bộ phận Một cửa", phone(8000 + k))],
            )
            slug = short.lower().replace("đ", "d")
            self.directory_person(
                f"demo.{slug}.pt", agency, desk, "Chánh Văn phòng, phụ trách Bộ phận Một cửa", leader=True
            )
            self.directory_person(f"demo.{slug}.cv", agency, desk, "Công chức Một cửa")

        for i, (name, commune) in enumerate(communes.items()):
            # From 1/7/2025 each commune's desk is its Public Administration Service Centre (Decree
            # 118/2025); the demo keeps the desks' names so that a database loaded before keeps them.
            desk = self.desk(
                f"Bộ phận Một cửa {name}",
                kind=DeskKind.COMMUNE_CENTRE,
                host_agency=commune,
                address=commune.address,
                area_m2=60 + (i % 5) * 15,
                saturday_morning=True,
                agencies=[commune],
                hotlines=[("Đường dây nóng UBND", phone(7000 + i))],
            )
            self.directory_person(
                f"demo.xa{i:03d}.pct",
                commune,
                desk,
                "Phó Chủ tịch UBND, phụ trách Bộ phận Một cửa",
                leader=True,
            )
            self.directory_person(f"demo.xa{i:03d}.cv1", commune, desk, "Công chức Một cửa")
            self.directory_person(f"demo.xa{i:03d}.cv2", commune, desk, "Công chức Một cửa")

    def _role_accounts(self, office, departments, units, communes, commune_units) -> None:
        pw = DEMO_PASSWORD
        self.staff(
            "admin",
            full_name="Quản trị Hệ thống",
            agency=office,
            roles=[Role.ADMINISTRATOR],
            password=pw,
            position="Quản trị hệ thống",
            show_in_directory=False,
        )
        # The installation's operator: a superuser (roles never make one, org.services).
        get_user_model().objects.filter(username="admin").update(is_superuser=True, is_staff=True)
        self.staff(
            "vp.kiemsoat",
            full_name="Cán bộ Kiểm soát TTHC Thành phố",
            agency=office,
            unit=Agency.objects.get(code=code(0, 1, 1)),
            roles=[Role.CONTROL_OFFICER],
            password=pw,
            position="Chuyên viên Phòng Kiểm soát TTHC",
            show_in_directory=False,
        )

        stp = departments["STP"]
        stp_unit = units["STP"][0]
        stp_desk = ServiceDesk.objects.get(name=f"Bộ phận Một cửa {stp.name}")
        hk = communes["Phường Hoàn Kiếm"]
        hk_office, hk_economy, _social = commune_units["Phường Hoàn Kiếm"]
        hk_desk = ServiceDesk.objects.get(name="Bộ phận Một cửa Phường Hoàn Kiếm")
        # Phường Cửa Nam's own officers: a dossier of theirs received at Hoàn Kiếm's centre
        # (boundary-free intake, Decree 118/2025) is processed there.
        cn = communes["Phường Cửa Nam"]
        _cn_office, cn_economy, _cn_social = commune_units["Phường Cửa Nam"]
        cn_desk = ServiceDesk.objects.get(name="Bộ phận Một cửa Phường Cửa Nam")
        for prefix, agency, unit, desk, titles in [
            (
                "stp",
                stp,
                stp_unit,
                stp_desk,
                {
                    Role.DESK_OFFICER: "Công chức Một cửa",
                    Role.SPECIALIST: "Chuyên viên Phòng Hành chính tư pháp",
                    Role.UNIT_HEAD: "Trưởng phòng Hành chính tư pháp",
                    Role.AGENCY_LEADER: "Phó Giám đốc Sở",
                    Role.CONTROL_OFFICER: "Chuyên viên Văn phòng Sở (kiểm soát TTHC)",
                    Role.ADMINISTRATOR: "Quản trị hệ thống của Sở",
                },
            ),
            (
                "hoankiem",
                hk,
                hk_economy,
                hk_desk,
                {
                    Role.DESK_OFFICER: "Công chức Một cửa",
                    Role.SPECIALIST: "Chuyên viên Phòng Kinh tế, Hạ tầng và Đô thị",
                    Role.UNIT_HEAD: "Trưởng phòng Kinh tế, Hạ tầng và Đô thị",
                    Role.AGENCY_LEADER: "Chủ tịch UBND phường",
                    Role.CONTROL_OFFICER: "Công chức Văn phòng HĐND và UBND (kiểm soát TTHC)",
                    Role.ADMINISTRATOR: "Quản trị hệ thống của phường",
                },
            ),
            (
                "cuanam",
                cn,
                cn_economy,
                cn_desk,
                {
                    Role.DESK_OFFICER: "Công chức Một cửa",
                    Role.SPECIALIST: "Chuyên viên Phòng Kinh tế, Hạ tầng và Đô thị",
                    Role.UNIT_HEAD: "Trưởng phòng Kinh tế, Hạ tầng và Đô thị",
                    Role.AGENCY_LEADER: "Chủ tịch UBND phường",
                },
            ),
        ]:
            suffix = {
                Role.DESK_OFFICER: "motcua",
                Role.SPECIALIST: "chuyenvien",
                Role.UNIT_HEAD: "truongphong",
                Role.AGENCY_LEADER: "lanhdao",
                Role.CONTROL_OFFICER: "kiemsoat",
                Role.ADMINISTRATOR: "quantri",
            }
            for role, title in titles.items():
                at_desk = role == Role.DESK_OFFICER
                in_unit = role in (Role.SPECIALIST, Role.UNIT_HEAD)
                self._person += 1
                self.staff(
                    f"{prefix}.{suffix[role]}",
                    full_name=person(self._person),
                    agency=agency,
                    unit=unit
                    if in_unit
                    else (hk_office if prefix == "hoankiem" and role == Role.CONTROL_OFFICER else None),
                    desk=desk if at_desk else None,
                    position=title,
                    is_leader=role in (Role.UNIT_HEAD, Role.AGENCY_LEADER),
                    public_phone=staff_phone(self._person) if at_desk else "",
                    show_in_directory=at_desk,
                    roles=[role],
                    password=pw,
                )
        # A vertical agency's counter at Hoàn Kiếm's centre: the city police's officer receives
        # there for the police only (dossiers.access.is_counter_officer).
        police = Agency.objects.get(code=code(0, 0, 40))
        self._person += 1
        self.staff(
            "hoankiem.congan",
            full_name=person(self._person),
            agency=police,
            desk=hk_desk,
            position="Cán bộ Công an tại quầy Trung tâm Phục vụ hành chính công phường",
            public_phone=staff_phone(self._person),
            roles=[Role.DESK_OFFICER],
            password=pw,
        )
