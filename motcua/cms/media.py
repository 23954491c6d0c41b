"""The CMS's pictures. MotCua serves no media folder (core.files): the reform pages' pictures come
through here. A rendition (the resized copy a published page or the admin shows) is public, as the
pages are; an original upload only to the CMS's editors."""

from __future__ import annotations

from pathlib import PurePosixPath

from django.http import Http404
from wagtail.images import get_image_model

from motcua.core.files import serve

PUBLIC_SECONDS = 24 * 3600


def rendition(request, name: str):
    found = get_image_model().get_rendition_model().objects.filter(file=f"images/{name}").first()
    if found is None:
        raise Http404
    response = serve(found.file, filename=PurePosixPath(name).name, inline=True)
    response["Cache-Control"] = f"public, max-age={PUBLIC_SECONDS}"
    return response


def original(request, name: str):
    if not request.user.has_perm("wagtailadmin.access_admin"):
        raise Http404
    found = get_image_model().objects.filter(file=f"original_images/{name}").first()
    if found is None:
        raise Http404
    return serve(found.file, filename=PurePosixPath(name).name, inline=True)
