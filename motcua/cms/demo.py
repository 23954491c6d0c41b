"""The demo's reform section (load_demo): a news item, the three guides, the FAQ, the videos' page, a
plan to download, the hotlines and the results, one guide in English; a communication officer and an
approver, with a news draft of the officer's waiting for the approver. Safe to run again: a page
already there (by its slug) is left as the editors made it."""

from __future__ import annotations

import datetime as dt
import io

from django.contrib.auth import get_user_model
from django.core.files.images import ImageFile
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PillowImage
from PIL import ImageDraw
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Locale, Page

from motcua.org.demo import DEMO_PASSWORD

from . import models
from .setup import Section, ensure_reform_section

OFFICER_USERNAME = "truyenthong"
APPROVER_USERNAME = "truyenthong.duyet"
DRAFT_TITLE = "Tỉnh mở thêm 20 dịch vụ công trực tuyến toàn trình"

GUIDES = [
    (
        "huong-dan-nop-ho-so-truc-tuyen",
        "Hướng dẫn nộp hồ sơ trực tuyến",
        "Nộp hồ sơ thủ tục hành chính trên Cổng dịch vụ công, không phải đến Bộ phận Một cửa.",
        [
            ("Đăng nhập bằng tài khoản VNeID", "Chọn “Đăng nhập bằng VNeID” ở đầu trang."),
            ("Tìm thủ tục", "Gõ tên thủ tục, có dấu hay không dấu đều được, rồi chọn “Nộp trực tuyến”."),
            ("Khai tờ khai và đính kèm giấy tờ", "Giấy tờ đã có trong kho dữ liệu cá nhân được dùng lại."),
            ("Nhận mã hồ sơ", "Mã hồ sơ dùng để tra cứu tiến độ tại mục “Tra cứu hồ sơ”."),
        ],
    ),
    (
        "huong-dan-thanh-toan-truc-tuyen",
        "Hướng dẫn thanh toán phí, lệ phí trực tuyến",
        "Thanh toán phí, lệ phí của hồ sơ qua cổng thanh toán, nhận biên lai điện tử.",
        [
            ("Mở hồ sơ cần thanh toán", "Vào “Thanh toán”: các khoản phải nộp hiện theo từng hồ sơ."),
            ("Chọn ngân hàng hoặc ví điện tử", "Chuyển sang cổng thanh toán và xác nhận giao dịch."),
            ("Nhận biên lai", "Biên lai điện tử được lưu cùng hồ sơ; cơ quan nhận kết quả ngay."),
        ],
    ),
    (
        "huong-dan-su-dung-vneid",
        "Hướng dẫn sử dụng tài khoản định danh điện tử VNeID",
        "Đăng nhập Cổng dịch vụ công bằng tài khoản định danh điện tử mức 2.",
        [
            ("Cài ứng dụng VNeID", "Tải ứng dụng VNeID và kích hoạt tài khoản định danh điện tử mức 2."),
            ("Đăng nhập Cổng", "Chọn “Đăng nhập bằng VNeID”, quét mã hoặc nhập số định danh cá nhân."),
            ("Đồng ý chia sẻ thông tin", "Thông tin cá nhân được điền sẵn vào tờ khai, không phải gõ lại."),
        ],
    ),
]


def picture(title: str, colour: str) -> Image:
    """An illustrative picture (a coloured card with the title's initials), in the image library."""
    existing = Image.objects.filter(title=title).first()
    if existing is not None:
        return existing
    canvas = PillowImage.new("RGB", (960, 540), colour)
    ImageDraw.Draw(canvas).rectangle((60, 60, 900, 480), outline="white", width=12)
    buffer = io.BytesIO()
    canvas.save(buffer, "PNG")
    slug = "".join(c for c in title.lower() if c.isascii() and c.isalnum())[:40] or "anh"
    image = Image(title=title, file=ImageFile(io.BytesIO(buffer.getvalue()), name=f"{slug}.png"))
    image.save()
    return image


def _pdf(text: str) -> bytes:
    canvas = PillowImage.new("RGB", (595, 842), "white")
    ImageDraw.Draw(canvas).text((60, 60), text, fill="black")
    buffer = io.BytesIO()
    canvas.save(buffer, "PDF")
    return buffer.getvalue()


def _child(parent: Page, page: Page) -> Page:
    """The child of `parent` with `page`'s slug: the one there, else `page` added and published."""
    found = parent.get_children().filter(slug=page.slug).first()
    if found is not None:
        return found.specific
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def _steps(steps):
    return [("step", {"title": title, "text": f"<p>{text}</p>", "image": None}) for title, text in steps]


def _accounts(section: Section):
    User = get_user_model()
    people = []
    for username, first, last, group in (
        (OFFICER_USERNAME, "Thu", "Nguyễn Thị", section.editors),
        (APPROVER_USERNAME, "Minh", "Trần Văn", section.approvers),
    ):
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User.objects.create_user(
                username, password=DEMO_PASSWORD, first_name=first, last_name=last
            )
        user.groups.add(group)
        people.append(user)
    return people


def load() -> dict:
    section = ensure_reform_section()
    home = section.home
    officer, approver = _accounts(section)

    news = _child(
        home, models.NewsIndexPage(title="Tin tức", slug="tin-tuc", intro="Tin cải cách hành chính.")
    )
    _child(
        news,
        models.NewsPage(
            title="Khai trương Trung tâm Phục vụ hành chính công tỉnh",
            slug="khai-truong-trung-tam-phuc-vu-hanh-chinh-cong",
            date=dt.date(2025, 7, 1),
            intro="Từ ngày 01/7/2025, người dân nộp hồ sơ tại một nơi cho mọi sở, ngành.",
            image=picture("Trung tâm Phục vụ hành chính công", "#0b4f8a"),
            body="<p>Trung tâm tiếp nhận hồ sơ của các sở, ngành và trả kết quả tại chỗ.</p>",
        ),
    )
    guides = _child(
        home,
        models.GuideIndexPage(title="Hướng dẫn", slug="huong-dan", intro="Làm thủ tục trực tuyến từng bước."),
    )
    colours = ("#8a1c1c", "#1c6b3a", "#5a3a8a")
    for (slug, title, intro, steps), colour in zip(GUIDES, colours, strict=True):
        _child(
            guides,
            models.GuidePage(
                title=title, slug=slug, intro=intro, image=picture(title, colour), steps=_steps(steps)
            ),
        )
    _child(
        home,
        models.FaqPage(
            title="Hỏi đáp",
            slug="hoi-dap",
            intro="Những câu hỏi người dân thường gặp.",
            questions=[
                (
                    "question",
                    {
                        "question": "Nộp hồ sơ trực tuyến có phải đến nhận kết quả không?",
                        "answer": "<p>Không, nếu kết quả là bản điện tử: tải về tại mục “Hồ sơ của tôi”.</p>",
                    },
                ),
                (
                    "question",
                    {
                        "question": "Quá hạn trả kết quả thì sao?",
                        "answer": "<p>Cơ quan phải gửi thư xin lỗi và hẹn lại ngày trả (Mẫu 04).</p>",
                    },
                ),
            ],
        ),
    )
    _child(home, models.VideoIndexPage(title="Video", slug="video", intro="Video hướng dẫn thủ tục."))
    plan = Document.objects.filter(title="Kế hoạch cải cách hành chính năm 2025").first()
    if plan is None:
        plan = Document(title="Kế hoạch cải cách hành chính năm 2025")
        plan.file = SimpleUploadedFile("ke-hoach-cchc-2025.pdf", _pdf("Ke hoach cai cach hanh chinh 2025"))
        plan.save()
    _child(
        home,
        models.DocumentsPage(
            title="Văn bản",
            slug="van-ban",
            intro="Kế hoạch, quyết định của tỉnh về cải cách hành chính.",
            documents=[
                (
                    "document",
                    {
                        "document": plan,
                        "kind": "plan",
                        "number": "15/KH-UBND",
                        "issued_on": dt.date(2025, 1, 10),
                        "summary": "Kế hoạch cải cách hành chính năm 2025 (minh họa).",
                    },
                )
            ],
        ),
    )
    _child(
        home,
        models.HotlinesPage(
            title="Đường dây nóng", slug="duong-day-nong", intro="Số điện thoại của từng Bộ phận Một cửa."
        ),
    )
    _child(
        home,
        models.ResultsPage(
            title="Kết quả giải quyết",
            slug="ket-qua",
            intro="Tỷ lệ giải quyết đúng hạn và chỉ số phục vụ của từng cơ quan trong năm.",
        ),
    )
    _english_guide(guides)
    _draft_for_moderation(news, officer)
    return {"home": home, "officer": officer, "approver": approver}


def _english_guide(guides: models.GuideIndexPage) -> None:
    en = Locale.objects.get(language_code="en")
    original = guides.get_children().get(slug=GUIDES[0][0]).specific
    if original.get_translation_or_none(en) is not None:
        return
    index_en = guides.get_translation_or_none(en)
    if index_en is None:
        index_en = guides.copy_for_translation(en)
        index_en.title, index_en.intro = "Guides", "Public services online, step by step."
        index_en.save_revision().publish()
    guide = original.copy_for_translation(en)
    guide.title = "How to submit a dossier online"
    guide.intro = "Submit your dossier on the public service portal, without going to the desk."
    guide.steps = _steps(
        [
            ("Log in with VNeID", "Choose “Log in with VNeID” at the top of the page."),
            ("Find the procedure", "Type its name, with or without diacritics, then “Submit online”."),
            ("Fill in the form and attach the papers", "Papers already in your personal store are reused."),
            ("Keep the dossier code", "Use it to follow the dossier under “Track a dossier”."),
        ]
    )
    guide.save_revision().publish()


def _draft_for_moderation(news: models.NewsIndexPage, officer) -> None:
    """The officer's news item, written and submitted: it waits for the approver."""
    if news.get_children().filter(title=DRAFT_TITLE).exists():
        return
    draft = models.NewsPage(
        title=DRAFT_TITLE,
        slug="mo-them-20-dich-vu-cong-truc-tuyen",
        intro="Danh sách dịch vụ công trực tuyến toàn trình được bổ sung (chờ duyệt).",
        body="<p>Người dân nộp hồ sơ, thanh toán và nhận kết quả hoàn toàn trực tuyến.</p>",
        live=False,
        owner=officer,
    )
    news.add_child(instance=draft)
    draft.save_revision(user=officer)
    draft.get_workflow().start(draft, officer)
