"""Nothing private under /media/ (issue 10, item 4): where files are stored,
how documents are served, and moving the files of an older install."""

from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.checks import run_checks
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction

from cms.pdf import RefusedURL, make_url_fetcher
from cms.sendfile_nginx import accel_path

STAFF_LIST = b"%PDF-1.7 Shelter staff: names and phone numbers"


def relative_files(root):
    return sorted(
        str(path.relative_to(root)) for path in root.rglob("*") if path.is_file()
    )


def test_only_public_folders_are_stored_under_the_public_root(media_roots):
    public, private = media_roots
    for name in (
        "documents/staff.pdf",
        "letters/abc.pdf",
        "flyer-copies/abc.pdf",
        "anything-new/file.txt",
    ):
        default_storage.save(name, ContentFile(b"private"))
    with pytest.raises(SuspiciousFileOperation):
        default_storage.save("flyers/../documents/x.pdf", ContentFile(b"private"))
    for name in (
        "flyers/abc/know-letter-en.pdf",
        "images/a.png",
        "original_images/a.png",
    ):
        default_storage.save(name, ContentFile(b"public"))
    assert relative_files(public) == [
        "flyers/abc/know-letter-en.pdf",
        "images/a.png",
        "original_images/a.png",
    ]
    assert relative_files(private) == [
        "anything-new/file.txt",
        "documents/staff.pdf",
        "flyer-copies/abc.pdf",
        "letters/abc.pdf",
    ]
    assert default_storage.url("images/a.png") == "/media/images/a.png"
    with pytest.raises(NotImplementedError, match="no public URL"):
        default_storage.url("documents/staff.pdf")
    with default_storage.open("documents/staff.pdf") as handle:
        assert handle.read() == b"private"


@pytest.fixture
def staff_document(db, media_roots):
    """A document in a collection only signed-in people may see."""
    root = Collection.get_first_root_node()
    staff = root.add_child(name="Staff only")
    CollectionViewRestriction.objects.create(
        collection=staff, restriction_type=CollectionViewRestriction.LOGIN
    )
    return get_document_model().objects.create(
        title="Shelter staff list",
        file=ContentFile(STAFF_LIST, name="shelter-staff-list.pdf"),
        collection=staff,
    )


def test_a_login_only_document_is_stored_privately_and_asks_for_a_login(
    client, staff_document, media_roots
):
    public, private = media_roots
    assert relative_files(public) == []
    assert relative_files(private) == ["documents/shelter-staff-list.pdf"]
    response = client.get(staff_document.url)
    assert (
        staff_document.url == f"/documents/{staff_document.pk}/shelter-staff-list.pdf"
    )
    assert response.status_code == 302
    assert "login" in response["Location"] and "next=" in response["Location"]


def test_a_login_only_document_is_served_to_a_signed_in_person(
    client, staff_document, django_user_model
):
    client.force_login(django_user_model.objects.create_user("staff", password="x"))
    response = client.get(staff_document.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == STAFF_LIST
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "X-Accel-Redirect" not in response


def test_with_nginx_a_document_is_handed_to_the_proxy(
    client, staff_document, django_user_model, nginx_sendfile
):
    assert client.get(staff_document.url).status_code == 302  # still checked
    client.force_login(django_user_model.objects.create_user("staff", password="x"))
    response = client.get(staff_document.url)
    assert response.status_code == 200
    assert (
        response["X-Accel-Redirect"]
        == "/private-media/documents/shelter-staff-list.pdf"
    )
    assert response.content == b""
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="shelter-staff-list.pdf"' in response["Content-Disposition"]


def test_a_group_only_document_is_refused_to_others(
    client, staff_document, django_user_model, nginx_sendfile
):
    restriction = CollectionViewRestriction.objects.get()
    restriction.restriction_type = CollectionViewRestriction.GROUPS
    restriction.save()
    organizers = Group.objects.get(name="Organizers")
    restriction.groups.add(organizers)
    client.force_login(django_user_model.objects.create_user("someone", password="x"))
    refused = client.get(staff_document.url)
    assert refused.status_code in (302, 403) and "X-Accel-Redirect" not in refused
    organizer = django_user_model.objects.create_user("organizer", password="x")
    organizer.groups.add(organizers)
    client.force_login(organizer)
    assert client.get(staff_document.url)["X-Accel-Redirect"].startswith(
        "/private-media/documents/"
    )


def test_the_internal_path_is_quoted_and_stays_inside_the_private_root(
    settings, media_roots
):
    _public, private = media_roots
    assert accel_path(private / "documents" / "liste du personnel é.pdf") == (
        "/private-media/documents/liste%20du%20personnel%20%C3%A9.pdf"
    )
    for outside in (private.parent / "media" / "a.pdf", private / ".." / "x.pdf"):
        with pytest.raises(SuspiciousFileOperation):
            accel_path(outside)


def test_pdfs_embed_public_media_only(media_roots):
    default_storage.save("images/logo.png", ContentFile(b"png"))
    default_storage.save("documents/staff.pdf", ContentFile(STAFF_LIST))
    fetcher = make_url_fetcher()
    assert fetcher.fetch("https://assets.invalid/media/images/logo.png").read() == (
        b"png"
    )
    with pytest.raises(RefusedURL, match="private"):
        fetcher.fetch("https://assets.invalid/media/documents/staff.pdf")


# --- an install from before the split ------------------------------------------
def test_move_private_media_moves_old_files_out_of_the_public_root(
    db, media_roots, settings
):
    public, private = media_roots
    old = {
        "documents/shelter-staff-list.pdf": STAFF_LIST,
        "letters/0123abcd.pdf": b"%PDF letter",
        "stray.txt": b"a file at the top",
        "flyers/" + "a" * 32 + ".pdf": b"%PDF common flyer or a business's copy",
        "flyers/" + "b" * 32 + ".png": b"thumbnail",
        "flyers/" + "c" * 32 + "/know-letter-en.pdf": b"%PDF new layout",
        "images/photo.max-800x600.jpg": b"rendition",
        "representatives/" + "d" * 32 + ".jpg": b"photo",
    }
    for name, content in old.items():
        path = public / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    warnings = [m.id for m in run_checks(include_deployment_checks=True)]
    assert "cms.W010" in warnings

    out = StringIO()
    call_command("move_private_media", stdout=out)
    assert out.getvalue().splitlines() == [
        "Moved 3 private file(s) out of the public root.",
        "Deleted 2 flyer file(s) of the old layout; "
        "queued the files of 0 live flyer page(s).",
    ]
    assert relative_files(public) == [
        "flyers/" + "c" * 32 + "/know-letter-en.pdf",
        "images/photo.max-800x600.jpg",
        "representatives/" + "d" * 32 + ".jpg",
    ]
    assert sorted(p.name for p in public.iterdir()) == [
        "flyers",
        "images",
        "representatives",
    ]
    assert relative_files(private) == [
        "documents/shelter-staff-list.pdf",
        "letters/0123abcd.pdf",
        "stray.txt",
    ]
    assert (private / "documents/shelter-staff-list.pdf").read_bytes() == STAFF_LIST
    # Rows naming them find them under the same names.
    with default_storage.open("letters/0123abcd.pdf") as handle:
        assert handle.read() == b"%PDF letter"
    assert "cms.W010" not in [m.id for m in run_checks(include_deployment_checks=True)]

    again = StringIO()
    call_command("move_private_media", stdout=again)
    assert again.getvalue().splitlines()[0] == (
        "Moved 0 private file(s) out of the public root."
    )


def test_a_private_root_inside_the_public_one_is_refused(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path / "media" / "private")
    [error] = [m for m in run_checks() if m.id == "cms.E010"]
    assert "the proxy would serve private files to anyone" in error.msg
