"""The StreamField blocks of the reform pages: a guide's steps, the FAQ's questions, the documents'
list. Blocks (not models): they are kept in the page's revisions with the rest of its content."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock

#: What the editors may use in rich text: headings, emphasis, lists, links, documents and images.
RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link", "image"]


class StepBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Bước"), max_length=200)
    text = blocks.RichTextBlock(label=_("Cách làm"), features=RICH_TEXT_FEATURES)
    image = ImageChooserBlock(label=_("Ảnh minh họa"), required=False)

    class Meta:
        label = _("Bước thực hiện")
        icon = "list-ol"
        template = "cms/blocks/step.html"


class QuestionBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("Câu hỏi"), max_length=300)
    answer = blocks.RichTextBlock(label=_("Trả lời"), features=RICH_TEXT_FEATURES)

    class Meta:
        label = _("Câu hỏi")
        icon = "help"


class DocumentKind(blocks.ChoiceBlock):
    choices = [
        ("plan", _("Kế hoạch")),
        ("decision", _("Quyết định")),
        ("report", _("Báo cáo")),
        ("other", _("Văn bản khác")),
    ]


class PublishedDocumentValue(blocks.StructValue):
    def kind_label(self):
        return dict(DocumentKind.choices).get(self.get("kind"), "")


class PublishedDocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Tệp văn bản"))
    kind = DocumentKind(label=_("Loại văn bản"), default="plan")
    number = blocks.CharBlock(label=_("Số, ký hiệu"), max_length=64, required=False)
    issued_on = blocks.DateBlock(label=_("Ngày ban hành"), required=False)
    summary = blocks.TextBlock(label=_("Trích yếu"), required=False)

    class Meta:
        label = _("Văn bản")
        icon = "doc-full"
        value_class = PublishedDocumentValue
