"""The reform section's frame, safe to run again (`manage.py setup_reform_section`, and load_demo):
the section's home in Vietnamese and English as the site's root, the two roles (communication
officers write and submit, approvers publish) and the moderation workflow between them."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Locale,
    Page,
    Site,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from .models import ReformHomePage

EDITORS_GROUP = "Cán bộ truyền thông"
APPROVERS_GROUP = "Lãnh đạo duyệt tin bài"
WORKFLOW_NAME = "Duyệt tin bài cải cách hành chính"
TASK_NAME = "Lãnh đạo duyệt"
HOME_SLUG = "cai-cach"

#: Page permissions: officers add and edit (drafts, submit for moderation), approvers also publish.
EDITOR_PAGE_PERMISSIONS = ("add_page", "change_page")
APPROVER_PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page", "lock_page", "unlock_page")
#: Both use the image and document libraries (upload, edit their own, choose in a page).
LIBRARY_PERMISSIONS = (
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
)


@dataclass
class Section:
    home: ReformHomePage
    home_en: ReformHomePage
    editors: Group
    approvers: Group
    workflow: Workflow


def _locale(code: str) -> Locale:
    return Locale.objects.get_or_create(language_code=code)[0]


def _tree_roots() -> None:
    """Wagtail's root page and root collection (its migrations create them; a flushed database, as a
    browser test leaves it, has none)."""
    if Page.get_first_root_node() is None:
        Page.add_root(instance=Page(title="Root", slug="root", locale=_locale("vi")))
    if Collection.get_first_root_node() is None:
        Collection.add_root(instance=Collection(name="Root"))


def _homes() -> tuple[ReformHomePage, ReformHomePage]:
    vi, en = _locale("vi"), _locale("en")
    home = ReformHomePage.objects.filter(locale=vi).first()
    if home is None:
        home = ReformHomePage(
            title="Cải cách hành chính",
            slug=HOME_SLUG,
            intro="Tin tức, hướng dẫn, văn bản và kết quả cải cách thủ tục hành chính của tỉnh.",
            locale=vi,
        )
        Page.get_first_root_node().add_child(instance=home)
        home.save_revision().publish()
    home_en = home.get_translation_or_none(en)
    if home_en is None:
        home_en = home.copy_for_translation(en)
        home_en.title = "Administrative reform"
        home_en.intro = "News, guides, documents and results of the province's administrative reform."
        home_en.save_revision().publish()
    return home, home_en.specific


def _site(home: ReformHomePage) -> None:
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        site = Site(hostname="localhost", port=80, is_default_site=True)
    previous = site.root_page_id
    site.root_page = home
    site.site_name = "Cải cách hành chính"
    site.save()
    # Wagtail's placeholder ("Welcome to your new Wagtail site!"), left without a site.
    if previous and previous != home.pk:
        Page.objects.filter(pk=previous, content_type__model="page", numchild=0).delete()


def _group(name: str, homes, page_permissions) -> Group:
    group = Group.objects.get_or_create(name=name)[0]
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
        # The admin's "Translate" action (wagtail.contrib.simple_translation): copy a page into English.
        Permission.objects.get(content_type__app_label="simple_translation", codename="submit_translation"),
    )
    for home in homes:
        for codename in page_permissions:
            GroupPagePermission.objects.get_or_create(
                group=group, page=home, permission=Permission.objects.get(codename=codename)
            )
    root = Collection.get_first_root_node()
    for app_label, codename in LIBRARY_PERMISSIONS:
        GroupCollectionPermission.objects.get_or_create(
            group=group,
            collection=root,
            permission=Permission.objects.get(content_type__app_label=app_label, codename=codename),
        )
    return group


def _workflow(approvers: Group, homes) -> Workflow:
    workflow = Workflow.objects.get_or_create(name=WORKFLOW_NAME)[0]
    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=TASK_NAME)
    task.groups.add(approvers)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    for home in homes:
        WorkflowPage.objects.update_or_create(page=home, defaults={"workflow": workflow})
    return workflow


@transaction.atomic
def ensure_reform_section() -> Section:
    _tree_roots()
    home, home_en = _homes()
    _site(home)
    homes = (home, home_en)
    editors = _group(EDITORS_GROUP, homes, EDITOR_PAGE_PERMISSIONS)
    approvers = _group(APPROVERS_GROUP, homes, APPROVER_PAGE_PERMISSIONS)
    workflow = _workflow(approvers, homes)
    return Section(home=home, home_en=home_en, editors=editors, approvers=approvers, workflow=workflow)
