"""The page types of the public reform section (/cai-cach/): the section's home, news, guides, FAQ,
videos, documents, hotlines and published results. Wagtail keeps their drafts, revisions, moderation
and search; the hotlines and the results are read from the org's desks and the reports' figures at
each view (`published`), so the CMS holds no copy of them."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db import models
from django.http import Http404
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Locale, Page
from wagtail.search import index

from motcua.core.text import fold

from . import navigation, published
from .blocks import RICH_TEXT_FEATURES, PublishedDocumentBlock, QuestionBlock, StepBlock

NEWS_PER_PAGE = 10


def plain_slug(slug: str) -> str:
    return slugify(fold(slug)) or slug


def _image_field(verbose_name):
    return models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=verbose_name,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )


class SectionPage(Page):
    """What every reform page has: a short introduction (shown in lists and searched)."""

    intro = models.TextField(_("giới thiệu ngắn"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    class Meta:
        abstract = True

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(navigation.context(request, self))
        return context

    def clean(self):
        # Addresses in plain letters, as the rest of the site's: the admin proposes "hướng-dẫn-nộp-hồ-sơ"
        # from the title (Wagtail's JavaScript drops the letters with two marks if told to fold them).
        self.slug = plain_slug(self.slug)
        super().clean()


class ReformHomePage(SectionPage):
    """The section's home (/cai-cach/), the site's root page: one per language."""

    body = RichTextField(_("nội dung"), blank=True, features=RICH_TEXT_FEATURES)

    content_panels = [*SectionPage.content_panels, FieldPanel("body")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "cms.NewsIndexPage",
        "cms.GuideIndexPage",
        "cms.FaqPage",
        "cms.VideoIndexPage",
        "cms.DocumentsPage",
        "cms.HotlinesPage",
        "cms.ResultsPage",
    ]

    class Meta:
        verbose_name = _("trang chủ cải cách hành chính")
        verbose_name_plural = _("trang chủ cải cách hành chính")

    def route(self, request, path_components):
        # A page not yet translated is served in Vietnamese to an English reader (the same address in
        # both languages: the portal keeps the language in the session, not in the path).
        try:
            return super().route(request, path_components)
        except Http404:
            default = Locale.get_default()
            if not path_components or self.locale_id == default.pk:
                raise
            original = self.get_translation_or_none(default)
            if original is None:
                raise
            return original.specific.route(request, path_components)


class NewsIndexPage(SectionPage):
    parent_page_types = ["cms.ReformHomePage"]
    subpage_types = ["cms.NewsPage"]

    class Meta:
        verbose_name = _("trang tin tức")
        verbose_name_plural = _("trang tin tức")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        articles = NewsPage.objects.child_of(self).live().public().order_by("-date", "-pk")
        context["articles"] = Paginator(articles, NEWS_PER_PAGE).get_page(request.GET.get("trang"))
        return context


class NewsPage(SectionPage):
    date = models.DateField(_("ngày đăng"), default=timezone.localdate)
    image = _image_field(_("ảnh"))
    body = RichTextField(_("nội dung"), features=RICH_TEXT_FEATURES)

    content_panels = [
        *SectionPage.content_panels,
        FieldPanel("date"),
        FieldPanel("image"),
        FieldPanel("body"),
    ]
    search_fields = [*SectionPage.search_fields, index.SearchField("body")]
    parent_page_types = ["cms.NewsIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("tin bài")
        verbose_name_plural = _("tin bài")


class GuideIndexPage(SectionPage):
    parent_page_types = ["cms.ReformHomePage"]
    subpage_types = ["cms.GuidePage"]

    class Meta:
        verbose_name = _("trang hướng dẫn")
        verbose_name_plural = _("trang hướng dẫn")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["guides"] = GuidePage.objects.child_of(self).live().public().select_related("image")
        return context


class GuidePage(SectionPage):
    """A how-to (submit online, pay, use VNeID…): an image and the steps, each with its own image."""

    image = _image_field(_("ảnh minh họa"))
    steps = StreamField([("step", StepBlock())], verbose_name=_("các bước"), blank=True)
    body = RichTextField(_("lưu ý thêm"), blank=True, features=RICH_TEXT_FEATURES)

    content_panels = [
        *SectionPage.content_panels,
        FieldPanel("image"),
        FieldPanel("steps"),
        FieldPanel("body"),
    ]
    search_fields = [*SectionPage.search_fields, index.SearchField("steps"), index.SearchField("body")]
    parent_page_types = ["cms.GuideIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("hướng dẫn")
        verbose_name_plural = _("hướng dẫn")


class FaqPage(SectionPage):
    questions = StreamField([("question", QuestionBlock())], verbose_name=_("câu hỏi thường gặp"))

    content_panels = [*SectionPage.content_panels, FieldPanel("questions")]
    search_fields = [*SectionPage.search_fields, index.SearchField("questions")]
    parent_page_types = ["cms.ReformHomePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("hỏi đáp")
        verbose_name_plural = _("hỏi đáp")


class VideoIndexPage(SectionPage):
    parent_page_types = ["cms.ReformHomePage"]
    subpage_types = ["cms.VideoPage"]

    class Meta:
        verbose_name = _("trang video")
        verbose_name_plural = _("trang video")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["videos"] = VideoPage.objects.child_of(self).live().public().select_related("poster")
        return context


class VideoPage(SectionPage):
    """A video played from this site (an uploaded file, in the documents library) with its transcript
    (for the deaf and for search); a copy elsewhere (e.g. the province's channel) is linked, not
    embedded: the CSP allows no frame from another site."""

    video = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("tệp video (MP4, WebM)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    poster = _image_field(_("ảnh đại diện"))
    external_url = models.URLField(_("xem trên trang khác"), blank=True)
    transcript = RichTextField(_("lời thoại"), features=RICH_TEXT_FEATURES)

    content_panels = [
        *SectionPage.content_panels,
        FieldPanel("video"),
        FieldPanel("poster"),
        FieldPanel("external_url"),
        FieldPanel("transcript"),
    ]
    search_fields = [*SectionPage.search_fields, index.SearchField("transcript")]
    parent_page_types = ["cms.VideoIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("bài video")
        verbose_name_plural = _("bài video")


class DocumentsPage(SectionPage):
    """The province's plans and decisions, downloadable (Wagtail documents, streamed by its view)."""

    documents = StreamField([("document", PublishedDocumentBlock())], verbose_name=_("văn bản"), blank=True)

    content_panels = [*SectionPage.content_panels, FieldPanel("documents")]
    search_fields = [*SectionPage.search_fields, index.SearchField("documents")]
    parent_page_types = ["cms.ReformHomePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("văn bản, kế hoạch")
        verbose_name_plural = _("văn bản, kế hoạch")


class HotlinesPage(SectionPage):
    """The hotlines per agency, read from the org's desks (the one place they are kept)."""

    parent_page_types = ["cms.ReformHomePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("đường dây nóng")
        verbose_name_plural = _("đường dây nóng")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["desks"] = published.hotlines()
        return context


class ResultsPage(SectionPage):
    """Each agency's on-time rate and index this year, from the reports; the answered feedback is
    the feedback app's page (linked)."""

    parent_page_types = ["cms.ReformHomePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("kết quả giải quyết")
        verbose_name_plural = _("kết quả giải quyết")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["results"] = published.results(published.today())
        return context
