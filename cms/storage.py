"""Stored files in two places: a public root and a private one.

The proxy serves ``MEDIA_ROOT`` at ``/media/`` to anyone who asks for a
name, without asking the app. So only files that anyone may see live there:
the folders of :data:`PUBLIC_FOLDERS`. Everything else (Wagtail documents,
printable letters, businesses' own flyer copies, any folder added later)
lives under ``PRIVATE_MEDIA_ROOT``, which no public URL reaches; views that
check a token or a permission hand those files to the proxy
(:mod:`cms.stored_files`).

:class:`MediaStorage` is the default storage and picks the place from the
name's first folder, so models and services keep one storage and their
usual names (``documents/…``, ``letters/…``): Wagtail's document model has
no storage setting of its own, and a storage on its field would need a
migration of Wagtail's app. Private by default: a folder is public only
once it is listed here (and in ``deploy/nginx/media.conf``, which a test
compares).
"""

import os
import posixpath

from django.conf import settings
from django.core import checks
from django.core.files.storage import FileSystemStorage, Storage
from django.utils.deconstruct import deconstructible
from django.utils.functional import cached_property
from django.utils.module_loading import import_string

#: Folders whose files anyone may fetch at ``/media/<folder>/…``:
#: Wagtail's images (originals and renditions: Wagtail has no access control
#: for images, every image may be placed on a public page, and the API
#: publishes each original's URL), public flyer PDFs and thumbnails (named
#: after their content), and representatives' photos.
PUBLIC_FOLDERS = ("flyers", "images", "original_images", "representatives")


def is_public(name):
    """Whether the stored file ``name`` belongs under the public root."""
    normalised = posixpath.normpath(str(name).replace("\\", "/")).lstrip("/")
    return normalised.split("/", 1)[0] in PUBLIC_FOLDERS


@deconstructible(path="cms.storage.PrivateFileSystemStorage")
class PrivateFileSystemStorage(FileSystemStorage):
    """Files under ``PRIVATE_MEDIA_ROOT``. They have no URL: a view that
    checks who asks serves them (:func:`cms.stored_files.serve_private_file`)."""

    @cached_property
    def base_location(self):
        return self._value_or_setting(self._location, settings.PRIVATE_MEDIA_ROOT)

    def _clear_cached_properties(self, setting, **kwargs):
        super()._clear_cached_properties(setting, **kwargs)
        if setting == "PRIVATE_MEDIA_ROOT":
            self.__dict__.pop("base_location", None)
            self.__dict__.pop("location", None)

    def url(self, name):
        raise NotImplementedError(
            "A private file has no public URL: serve it with "
            "cms.stored_files.serve_private_file."
        )


def _build(spec, default):
    if spec is None:
        return default()
    return import_string(spec["BACKEND"])(**spec.get("OPTIONS", {}))


class MediaStorage(Storage):
    """The default storage: public folders in ``public``, the rest in
    ``private``. Each is given like an entry of ``STORAGES`` (``BACKEND``
    and ``OPTIONS``); by default ``MEDIA_ROOT`` and ``PRIVATE_MEDIA_ROOT``."""

    def __init__(self, public=None, private=None):
        self.public = _build(public, FileSystemStorage)
        self.private = _build(private, PrivateFileSystemStorage)

    def backend(self, name):
        return self.public if is_public(name) else self.private

    def save(self, name, content, max_length=None):
        if name is None:
            name = content.name
        return self.backend(name).save(name, content, max_length=max_length)

    def _open(self, name, mode="rb"):
        return self.backend(name).open(name, mode)

    def get_available_name(self, name, max_length=None):
        return self.backend(name).get_available_name(name, max_length=max_length)

    def delete(self, name):
        return self.backend(name).delete(name)

    def exists(self, name):
        return self.backend(name).exists(name)

    def listdir(self, path):
        return self.backend(path).listdir(path)

    def size(self, name):
        return self.backend(name).size(name)

    def url(self, name):
        return self.backend(name).url(name)

    def path(self, name):
        return self.backend(name).path(name)

    def get_accessed_time(self, name):
        return self.backend(name).get_accessed_time(name)

    def get_created_time(self, name):
        return self.backend(name).get_created_time(name)

    def get_modified_time(self, name):
        return self.backend(name).get_modified_time(name)


@checks.register(checks.Tags.security)
def check_private_root_is_apart(app_configs=None, **kwargs):
    """The private root must not be one the proxy serves."""
    public = os.path.abspath(settings.MEDIA_ROOT)
    private = os.path.abspath(settings.PRIVATE_MEDIA_ROOT)
    if os.path.commonpath([public, private]) not in (public, private):
        return []
    return [
        checks.Error(
            f"PRIVATE_MEDIA_ROOT ({private}) and MEDIA_ROOT ({public}) overlap: "
            "the proxy would serve private files to anyone.",
            hint="Give PRIVATE_MEDIA_ROOT a folder outside MEDIA_ROOT.",
            id="cms.E010",
        )
    ]


@checks.register(checks.Tags.security, deploy=True)
def check_no_private_files_left_public(app_configs=None, **kwargs):
    """Nothing but the public folders under the public root: files stored
    there before the split (documents, letters) must be moved out."""
    public = os.path.abspath(settings.MEDIA_ROOT)
    try:
        left = sorted(set(os.listdir(public)) - set(PUBLIC_FOLDERS))
    except FileNotFoundError:
        left = []
    if not left:
        return []
    return [
        checks.Warning(
            f"MEDIA_ROOT ({public}) holds {', '.join(left)}: only "
            f"{', '.join(PUBLIC_FOLDERS)} belong there, as the proxy serves it "
            "to anyone.",
            hint="Run `manage.py move_private_media`.",
            id="cms.W010",
        )
    ]


#: Apps whose files were laid out differently before the split register a
#: function here that tidies them; ``manage.py move_private_media`` calls
#: each with the default storage and prints the line it answers.
MOVE_PRIVATE_MEDIA_HOOK = "move_private_media"


def _walk(storage, folder):
    folders, files = storage.listdir(folder)
    for name in files:
        yield posixpath.join(folder, name)
    for sub in folders:
        yield from _walk(storage, posixpath.join(folder, sub))


def move_private_files(storage):
    """Move every file under the public root that is not in a public folder
    (files kept before the split: documents, letters) to the private root,
    under the same name, so rows naming them still find them. Answers the
    names moved. A file already in the private root is left there and the
    public copy deleted. Safe to run again."""
    public, private = storage.public, storage.private
    folders, files = public.listdir("")
    names = list(files)
    for folder in folders:
        if folder not in PUBLIC_FOLDERS:
            names.extend(_walk(public, folder))
    for name in names:
        if not private.exists(name):
            with public.open(name, "rb") as handle:
                saved = private.save(name, handle)
            if saved != name:  # never: the name was free
                raise RuntimeError(f"{name} was stored as {saved}")
        public.delete(name)
    _remove_empty_folders(public, [f for f in folders if f not in PUBLIC_FOLDERS])
    return names


def _remove_empty_folders(storage, folders):
    """On disk, the folders emptied by the move (a bucket has none)."""
    try:
        paths = [storage.path(folder) for folder in folders]
    except NotImplementedError:
        return
    for top in paths:
        for root, _dirs, _files in os.walk(top, topdown=False):
            try:
                os.rmdir(root)
            except OSError:  # not empty
                pass
