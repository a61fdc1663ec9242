"""Create the admin roles: Organizers, Moderators and Editors.

Wagtail's own initial data creates "Moderators" and "Editors" with page
rights on the whole tree; here they get the rights our roles need:
- Organizers create, edit and publish every page type, manage images,
  documents, redirects and site settings (the apps add their snippets).
- Moderators only reach the admin; the apps grant them the review rights
  on what the public submits (town-hall questions, held letters).
- Editors create, edit and publish content pages (the page-type limit is
  enforced in cms/wagtail_hooks.py) and manage images and documents.
"""

from django.db import migrations

PAGE_ACTIONS = {
    "Organizers": ["add", "change", "publish", "lock", "unlock", "bulk_delete"],
    "Moderators": [],
    "Editors": ["add", "change", "publish"],
}
COLLECTION_ACTIONS = {
    "Organizers": ["add", "change", "choose", "delete"],
    "Moderators": [],
    "Editors": ["add", "change", "choose"],
}
MODEL_PERMISSIONS = {
    "Organizers": [
        ("cms", "sitesettings", ["change"]),
        ("wagtailredirects", "redirect", ["add", "change", "delete"]),
    ],
    "Moderators": [],
    "Editors": [],
}


def _permission(apps, app_label, model, codename, name):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type, codename=codename, defaults={"name": name}
    )
    return permission


def create_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")

    access_admin = _permission(
        apps, "wagtailadmin", "admin", "access_admin", "Can access Wagtail admin"
    )
    root_page = Page.objects.filter(depth=1).first()
    root_collection = Collection.objects.filter(depth=1).first()

    for name in ("Organizers", "Moderators", "Editors"):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.clear()
        group.permissions.add(access_admin)
        GroupPagePermission.objects.filter(group=group).delete()
        GroupCollectionPermission.objects.filter(group=group).delete()

        if root_page is not None:
            for action in PAGE_ACTIONS[name]:
                GroupPagePermission.objects.create(
                    group=group,
                    page=root_page,
                    permission=_permission(
                        apps, "wagtailcore", "page", f"{action}_page", f"Can {action} page"
                    ),
                )
        if root_collection is not None:
            for model in ("image", "document"):
                app_label = "wagtailimages" if model == "image" else "wagtaildocs"
                for action in COLLECTION_ACTIONS[name]:
                    GroupCollectionPermission.objects.create(
                        group=group,
                        collection=root_collection,
                        permission=_permission(
                            apps, app_label, model, f"{action}_{model}", f"Can {action} {model}"
                        ),
                    )
        for app_label, model, actions in MODEL_PERMISSIONS[name]:
            for action in actions:
                group.permissions.add(
                    _permission(
                        apps, app_label, model, f"{action}_{model}", f"Can {action} {model}"
                    )
                )


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailredirects", "0008_add_verbose_name_plural"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
