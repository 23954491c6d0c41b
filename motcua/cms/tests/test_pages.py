"""The reform section: the tree load_demo builds, what the public sees (published pages only, in the
reader's language or else Vietnamese), moderation (an officer cannot publish; the approver does),
the pictures' and documents' serving, the hotlines and results read from org and reports."""

from __future__ import annotations

import io
from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse
from PIL import Image as PillowImage
from wagtail.actions.publish_revision import PublishPermissionError
from wagtail.models import Locale, Page, WorkflowState

from motcua.cms import demo as cms_demo
from motcua.cms import models
from motcua.cms.setup import APPROVERS_GROUP, EDITORS_GROUP
from motcua.org.demo import DEMO_PASSWORD
from motcua.org.models import Hotline
from motcua.org.tests.factories import CommuneFactory, ServiceDeskFactory

pytestmark = pytest.mark.django_db

SECTION = ["tin-tuc", "huong-dan", "hoi-dap", "video", "van-ban", "duong-day-nong", "ket-qua"]
GUIDE_SLUGS = [slug for slug, *_ in cms_demo.GUIDES]


@pytest.fixture
def section(settings, tmp_path, django_capture_on_commit_callbacks):
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()
    # Wagtail updates its search index after the commit (a django-tasks task, run at once).
    with django_capture_on_commit_callbacks(execute=True):
        loaded = cms_demo.load()
    yield loaded
    cache.clear()


def test_load_demo_builds_the_section(monkeypatch, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    # The organisation and the CMS; the catalogue's and the dossiers' loaders have their own tests.
    monkeypatch.setattr("motcua.demo.management.commands.load_demo.call_command", lambda *a, **k: None)
    out = StringIO()
    call_command("load_demo", stdout=out)
    home = models.ReformHomePage.objects.get(locale__language_code="vi")
    assert home.live and home.url == "/cai-cach/"
    assert [p.slug for p in home.get_children().live()] == SECTION
    guides = models.GuidePage.objects.filter(locale__language_code="vi").live()
    assert sorted(g.slug for g in guides) == sorted(GUIDE_SLUGS)
    assert all(g.image_id and len(g.steps) >= 3 for g in guides)
    documents = models.DocumentsPage.objects.get(slug="van-ban").documents
    assert documents[0].value["document"].file.name.endswith(".pdf")
    # English: the home and one guide translated, with their own titles.
    english = Locale.objects.get(language_code="en")
    assert home.get_translation(english).title == "Administrative reform"
    assert models.GuidePage.objects.filter(locale=english, live=True).count() == 1
    # The two roles, the demo password, and the officer's news item waiting for the approver.
    officer = cms_demo.load()["officer"]
    assert officer.check_password(DEMO_PASSWORD)
    assert list(officer.groups.values_list("name", flat=True)) == [EDITORS_GROUP]
    draft = models.NewsPage.objects.get(title=cms_demo.DRAFT_TITLE)
    assert not draft.live
    state = WorkflowState.objects.get(object_id=str(draft.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS and state.requested_by == officer
    assert cms_demo.OFFICER_USERNAME in out.getvalue() and cms_demo.APPROVER_USERNAME in out.getvalue()


def test_every_public_page_answers(client, section):
    urls = ["/cai-cach/", *[f"/cai-cach/{slug}/" for slug in SECTION]]
    urls += [f"/cai-cach/huong-dan/{slug}/" for slug in GUIDE_SLUGS]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "portal-banner" in response.content.decode(), url  # the portal's look
    guide = client.get(f"/cai-cach/huong-dan/{GUIDE_SLUGS[2]}/").content.decode()
    assert "Hướng dẫn sử dụng tài khoản định danh điện tử VNeID" in guide
    assert "Cài ứng dụng VNeID" in guide  # a step


def test_drafts_are_not_public(client, section):
    news = client.get("/cai-cach/tin-tuc/").content.decode()
    assert "Khai trương Trung tâm" in news
    assert cms_demo.DRAFT_TITLE not in news
    assert client.get("/cai-cach/tin-tuc/mo-them-20-dich-vu-cong-truc-tuyen/").status_code == 404
    assert cms_demo.DRAFT_TITLE not in client.get("/cai-cach/tim-kiem/?q=dịch vụ công").content.decode()
    # A published page's unpublished changes stay in the editor's draft.
    guide = models.GuidePage.objects.get(slug=GUIDE_SLUGS[0], locale__language_code="vi")
    guide.title = "Tiêu đề chưa duyệt"
    guide.save_revision(user=section["officer"])
    page = client.get(f"/cai-cach/huong-dan/{GUIDE_SLUGS[0]}/").content.decode()
    assert "Hướng dẫn nộp hồ sơ trực tuyến" in page and "Tiêu đề chưa duyệt" not in page


def test_search_finds_published_pages_by_their_content(client, section):
    found = client.get("/cai-cach/tim-kiem/", {"q": "biên lai"}).content.decode()
    assert "Hướng dẫn thanh toán phí, lệ phí trực tuyến" in found
    assert client.get("/cai-cach/tim-kiem/", {"q": "a\x00" * 500}).status_code == 200


def test_an_officer_cannot_publish_the_approver_does(client, section):
    officer, approver = section["officer"], section["approver"]
    draft = models.NewsPage.objects.get(title=cms_demo.DRAFT_TITLE)
    assert not draft.permissions_for_user(officer).can_publish()
    with pytest.raises(PublishPermissionError):
        draft.get_latest_revision().publish(user=officer)
    draft.refresh_from_db()
    assert not draft.live
    # The approver approves the task through the admin's workflow action: the page goes live.
    state = draft.current_workflow_task_state
    client.force_login(approver)
    response = client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[draft.pk, "approve", state.pk]), {}
    )
    assert response.status_code in (200, 302)
    draft.refresh_from_db()
    assert draft.live
    assert client.get("/cai-cach/tin-tuc/mo-them-20-dich-vu-cong-truc-tuyen/").status_code == 200
    assert draft.get_latest_revision().user == officer


def test_an_officer_cannot_approve(client, section):
    officer = section["officer"]
    draft = models.NewsPage.objects.get(title=cms_demo.DRAFT_TITLE)
    client.force_login(officer)
    client.post(
        reverse(
            "wagtailadmin_pages:workflow_action",
            args=[draft.pk, "approve", draft.current_workflow_task_state.pk],
        ),
        {},
    )
    draft.refresh_from_db()
    assert not draft.live


def test_english_reader_gets_translations_else_vietnamese(client, section):
    client.cookies["django_language"] = "en"
    home = client.get("/cai-cach/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Administrative reform" in home
    guide = client.get(f"/cai-cach/huong-dan/{GUIDE_SLUGS[0]}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "How to submit a dossier online" in guide
    # Not translated: the Vietnamese page, marked as Vietnamese for screen readers.
    faq = client.get("/cai-cach/hoi-dap/", HTTP_ACCEPT_LANGUAGE="en")
    assert faq.status_code == 200
    assert '<article lang="vi">' in faq.content.decode()


def _png() -> bytes:
    buffer = io.BytesIO()
    PillowImage.new("RGB", (40, 30), "red").save(buffer, "PNG")
    return buffer.getvalue()


def test_pictures_renditions_public_originals_for_editors(client, section):
    image = models.GuidePage.objects.get(slug=GUIDE_SLUGS[0], locale__language_code="vi").image
    rendition = image.get_rendition("max-960x540")
    response = client.get(rendition.url)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert client.get(f"/media/{image.file.name}").status_code == 404
    client.force_login(section["officer"])
    assert client.get(f"/media/{image.file.name}").status_code == 200
    assert client.get("/media/images/../original_images/x.png").status_code == 404


def test_documents_download(client, section):
    page = client.get("/cai-cach/van-ban/").content.decode()
    assert "15/KH-UBND" in page and "Kế hoạch" in page
    document = models.DocumentsPage.objects.get(slug="van-ban").documents[0].value["document"]
    response = client.get(document.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_hotlines_come_from_the_desks(client, section):
    ward = CommuneFactory(name="Ủy ban nhân dân Phường Thử Nghiệm")
    desk = ServiceDeskFactory(
        host_agency=ward, name="Bộ phận Một cửa Phường Thử Nghiệm", phone="024 3999 0000"
    )
    Hotline.objects.create(desk=desk, label="Phản ánh về thái độ cán bộ", phone="0912 000 111")
    ServiceDeskFactory(name="Bộ phận không công bố số", phone="")
    page = client.get("/cai-cach/duong-day-nong/").content.decode()
    assert "Phường Thử Nghiệm" in page and "024 3999 0000" in page and "0912 000 111" in page
    assert 'href="tel:0912000111"' in page
    assert "Bộ phận không công bố số" not in page
    desk.phone = "024 3999 1234"
    desk.save()
    assert "024 3999 1234" in client.get("/cai-cach/duong-day-nong/").content.decode()


def test_the_admin_may_frame_itself_the_public_pages_not(client, section):
    client.force_login(section["approver"])
    admin = client.get("/cms-admin/")
    assert admin.status_code == 200
    policy = admin["Content-Security-Policy"]
    assert "frame-ancestors 'self'" in policy and "script-src 'self' 'unsafe-inline'" in policy
    assert admin["X-Frame-Options"] == "SAMEORIGIN"
    public = client.get("/cai-cach/")
    assert "frame-ancestors 'none'" in public["Content-Security-Policy"]
    assert "unsafe-inline" not in public["Content-Security-Policy"].split("script-src")[1].split(";")[0]
    assert public["X-Frame-Options"] == "DENY"


def test_section_is_set_up_once(section):
    from motcua.cms.setup import ensure_reform_section

    before = (Page.objects.count(), models.ReformHomePage.objects.count())
    again = ensure_reform_section()
    assert (Page.objects.count(), models.ReformHomePage.objects.count()) == before
    assert again.approvers.name == APPROVERS_GROUP


def test_uploads_pass_the_one_upload_check(section):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from wagtail.documents.forms import get_document_form
    from wagtail.documents.models import Document
    from wagtail.images.forms import get_image_form
    from wagtail.images.models import Image

    ImageForm = get_image_form(Image)
    disguised = SimpleUploadedFile("anh.png", b"MZ\x90\x00 not a picture" * 10, content_type="image/png")
    form = ImageForm({"title": "Ảnh giả"}, {"file": disguised}, user=section["officer"])
    assert not form.is_valid() and "file" in form.errors
    good = ImageForm(
        {"title": "Ảnh thật"}, {"file": SimpleUploadedFile("anh.png", _png())}, user=section["officer"]
    )
    assert good.is_valid(), good.errors
    DocumentForm = get_document_form(Document)
    fake_video = SimpleUploadedFile("video.mp4", b"%PDF-1.4 pretending to be a video")
    form = DocumentForm({"title": "Video giả"}, {"file": fake_video}, user=section["officer"])
    assert not form.is_valid() and "file" in form.errors
