"""Every admin route that takes a page obeys the roles (issue 18, item 1).

The walk below finds the routes in Django's URL resolver, so a route added by
a new Wagtail version or by one of our apps is walked without anyone listing
it here.
"""

import pytest
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse
from wagtail.admin.views.bulk_action.registry import bulk_action_registry
from wagtail.models import Page, PageViewRestriction, Revision, WorkflowState

from advocacy.models import LetterCampaignPage
from cms.permissions import check_page_models_apply_roles, models_without_roles
from events.models import EventPage

from .conftest import SECRET_ADDRESS, SECRET_LINK

pytestmark = pytest.mark.django_db


# --- the routes --------------------------------------------------------------
#: URL arguments that name the page a route acts on.
PAGE_KWARGS = {"page_id", "parent_page_id", "page_to_move_id", "page_pk"}
#: Namespaces whose ``pk`` is a page.
PAGE_PK_NAMESPACES = {"wagtailadmin_pages", "wagtailadmin_api:pages"}


def _walk(patterns, prefix="", namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = ":".join(filter(None, [namespace, pattern.namespace]))
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif pattern.name:
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            yield (
                prefix + str(pattern.pattern),
                name,
                set(pattern.pattern.regex.groupindex),
            )


def page_routes():
    """``(name, argument names)`` of every admin URL pattern that takes a page."""
    routes = {}
    for route, name, kwargs in _walk(get_resolver().url_patterns):
        if not route.lstrip("^").startswith("admin/"):
            continue
        namespace = name.rpartition(":")[0]
        if kwargs & PAGE_KWARGS or ("pk" in kwargs and namespace in PAGE_PK_NAMESPACES):
            routes[(name, frozenset(kwargs))] = kwargs
    return sorted(routes.items())


#: Routes that need a workflow in progress (walked once one is started).
WORKFLOW_KWARGS = {"task_state_id", "task_id", "workflow_state_id", "workflow_pk"}
#: What the admin API can do to a page (POST /admin/api/main/pages/<id>/action/…).
API_ACTIONS = (
    "convert_alias",
    "copy",
    "copy_for_translation",
    "create_alias",
    "delete",
    "move",
    "publish",
    "revert_to_page_revision",
    "unpublish",
)
#: Routes anyone who can explore pages may read: page titles and the status of
#: the tree, never the content of a page (checked: no private address leaks).
READ_ONLY = {
    "wagtailadmin_explore",
    "wagtailadmin_explore_results",
    "wagtailadmin_choose_page_child",
    "wagtailadmin_api:pages:detail",
    # A modal saying "publishing cancels the workflow", with the workflow's name.
    "wagtailadmin_pages:confirm_workflow_cancellation",
}
#: Routes only superusers use (nobody's group holds the permission).
SUPERUSER_ONLY = {"simple_translation:submit_page_translation"}


def route_urls(name, kwargs, page, destination, workflow_state=None):
    """The URLs of one route for ``page``, as ``(url, subject, variant)``: the
    subject is the kind of page the request acts on (the page itself, or the
    kind of page an add route creates below it); the variant names the API
    action or workflow action in the URL."""
    if kwargs & WORKFLOW_KWARGS and workflow_state is None:
        return []
    values = {}
    for kwarg in kwargs:
        if kwarg in PAGE_KWARGS or kwarg == "pk":
            values[kwarg] = page.pk
        elif kwarg == "destination_id":
            values[kwarg] = destination.pk
        elif kwarg == "revision_id":
            revert = name.endswith("revisions_revert")
            values[kwarg] = page.live_revision_id if revert else page.latest_revision_id
        elif kwarg == "revision_id_a":
            values[kwarg] = "earliest"
        elif kwarg == "revision_id_b":
            values[kwarg] = "latest"
        elif kwarg == "task_state_id":
            values[kwarg] = workflow_state.current_task_state_id
        elif kwarg == "task_id":
            values[kwarg] = workflow_state.current_task_state.task_id
        elif kwarg == "workflow_state_id":
            values[kwarg] = workflow_state.pk
        elif kwarg == "workflow_pk":
            values[kwarg] = workflow_state.workflow_id
    if "action_name" in kwargs:
        actions = API_ACTIONS if name.startswith("wagtailadmin_api") else ("approve",)
        return [
            (
                reverse(name, kwargs={**values, "action_name": action}),
                type(page),
                action,
            )
            for action in actions
        ]
    if "content_type_model_name" in kwargs:
        return [
            (
                reverse(
                    name,
                    kwargs={
                        **values,
                        "content_type_app_name": model._meta.app_label,
                        "content_type_model_name": model._meta.model_name,
                    },
                ),
                model,
                "",
            )
            for model in type(page).creatable_subpage_models()
            if model.can_create_at(page)
        ]
    return [(reverse(name, kwargs=values), type(page), "")]


def walk_urls(page, destination, workflow_state=None):
    """``(key, url, subject)`` of every admin route that takes a page; the key
    ``(route name, subject, variant)`` is the same from one test to the next."""
    for (name, _key), kwargs in page_routes():
        if workflow_state is not None and not kwargs & WORKFLOW_KWARGS:
            continue
        routes = route_urls(name, kwargs, page, destination, workflow_state)
        for url, subject, variant in routes:
            yield (name, subject, variant), url, subject


def outcome(response):
    """What a request came to: "refused", "absent" (nothing done and nothing
    there: 400, 404, 405) or "opened".

    Wagtail answers a refusal with 403 or a redirect to the dashboard (or the
    login page); followed redirects end on the page that finally answered."""
    landed = response.redirect_chain[-1][0] if response.redirect_chain else ""
    if response.status_code == 403 or landed in ("/admin/", "/en/admin/"):
        return "refused"
    if landed.startswith("/admin/login/"):
        return "refused"
    if response.status_code in (400, 404, 405):
        return "absent"
    return "opened"


def site_state():
    """Everything a request to a page route could change."""
    return {
        "pages": list(
            Page.objects.order_by("pk").values_list(
                "pk",
                "path",
                "slug",
                "title",
                "live",
                "locked",
                "has_unpublished_changes",
                "latest_revision_id",
                "live_revision_id",
                "alias_of_id",
            )
        ),
        "revisions": Revision.objects.count(),
        "restrictions": PageViewRestriction.objects.count(),
        "workflows": list(WorkflowState.objects.values_list("pk", "status")),
    }


def post_everything(client, url, page, destination):
    """POST what each route's form asks for, so that a route that forgot to
    check permissions would act."""
    if "/admin/api/" in url:
        return client.post(
            url,
            {
                "destination_page_id": destination.pk,
                "recursive": True,
                "keep_live": True,
                "slug": "a-copy",
                "locale": "fr",
                "include_descendants": True,
                "revision_id": page.live_revision_id,
            },
            content_type="application/json",
            follow=True,
        )
    return client.post(
        url,
        {
            "new_title": "A copy",
            "new_slug": "a-copy",
            "new_parent_page": destination.pk,
            "copy_subpages": "on",
            "publish_copies": "on",
            "include_descendants": "on",
            "restriction_type": "password",
            "password": "letmein",
            "position": "0",
            "locales": [page.locale_id],
            "include_subtree": "on",
            "comment": "ok",
        },
        follow=True,
    )


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


_superuser_view = {}


def superuser_opens(kind, pages, users):
    """The routes a superuser opens (GET) for one kind of page: the baseline
    every other role is held to. Keyed by route and subject, not URL (ids
    differ from test to test), and worked out once per kind."""
    if kind not in _superuser_view:
        client = client_for(users["superuser"])
        page, destination = pages[kind], pages["destinations"][kind]
        _superuser_view[kind] = {
            key
            for key, url, _subject in walk_urls(page, destination)
            if outcome(client.get(url, follow=True)) == "opened"
        }
    return _superuser_view[kind]


# --- the walk ----------------------------------------------------------------
def test_every_page_model_applies_the_roles():
    """A page type that skipped the role tester would be open to Editors on
    every route: the site refuses to start (system check cms.E001)."""
    assert check_page_models_apply_roles() == []
    assert models_without_roles([Page, EventPage, LetterCampaignPage]) == [Page]


def test_the_walk_finds_the_routes_the_issue_names():
    names = {name for (name, _key), _kwargs in page_routes()}
    assert {
        "wagtailadmin_pages:edit",
        "wagtailadmin_pages:unpublish",
        "wagtailadmin_pages:delete",
        "wagtailadmin_pages:revisions_compare",
        "wagtailadmin_pages:revisions_view",
        "wagtailadmin_pages:revisions_revert",
        "wagtailadmin_pages:history",
        "wagtailadmin_pages:preview_on_edit",
        "wagtailadmin_pages:workflow_action",
        "wagtailadmin_pages:copy",
        "wagtailadmin_pages:move",
        "wagtailadmin_pages:lock",
        "wagtailadmin_pages:convert_alias",
        "simple_translation:submit_page_translation",
        "wagtailadmin_api:pages:action",
        "event_tools:summary",
        "letter_tools:summary",
    } <= names


@pytest.mark.parametrize("kind", ["content", "event", "letters"])
def test_superusers_open_the_admin_of_every_page(pages, users, kind):
    opened = {name for name, _subject, _variant in superuser_opens(kind, pages, users)}
    assert {
        "wagtailadmin_pages:edit",
        "wagtailadmin_pages:unpublish",
        "wagtailadmin_pages:delete",
        "wagtailadmin_pages:history",
        "wagtailadmin_pages:revisions_compare",
        "wagtailadmin_pages:revisions_view",
        "wagtailadmin_pages:revisions_revert",
        "wagtailadmin_pages:preview_on_edit",
        "wagtailadmin_pages:view_draft",
        "wagtailadmin_pages:copy",
        "wagtailadmin_pages:move",
        "wagtailadmin_pages:set_privacy",
        "simple_translation:submit_page_translation",
    } <= opened


@pytest.mark.parametrize("kind", ["content", "event", "letters"])
def test_organizers_open_what_a_superuser_opens_on_every_page(pages, users, kind):
    client = client_for(users["Organizers"])
    page, destination = pages[kind], pages["destinations"][kind]
    expected = superuser_opens(kind, pages, users)
    wrong = []
    for key, url, _subject in walk_urls(page, destination):
        if key not in expected or key[0] in SUPERUSER_ONLY:
            continue
        if (result := outcome(client.get(url, follow=True))) != "opened":
            wrong.append((url, result))
    assert wrong == []


def test_editors_open_what_a_superuser_opens_on_content_pages(pages, users):
    client = client_for(users["Editors"])
    page, destination = pages["content"], pages["destinations"]["content"]
    expected = superuser_opens("content", pages, users)
    wrong = []
    for key, url, subject in walk_urls(page, destination):
        name = key[0]
        if key not in expected or name in SUPERUSER_ONLY:
            continue
        result = outcome(client.get(url, follow=True))
        # Below a content page, an Editor creates content pages only (a
        # preview of an unsaved page shows what they typed and saves nothing).
        allowed = (
            subject._meta.label_lower == "cms.contentpage"
            or name in READ_ONLY
            or name == "wagtailadmin_pages:preview_on_add"
        )
        if result != ("opened" if allowed else "refused"):
            wrong.append((url, result))
    assert wrong == []


def assert_refused_everywhere(client, page, destination, workflow_state=None):
    """GET and POST every route of ``page``: each is refused (or absent, or
    read-only), nothing changes, and the private address never shows."""
    wrong = []
    for (name, _subject, _variant), url, _ in walk_urls(
        page, destination, workflow_state
    ):
        before = site_state()
        for method, response in (
            ("GET", client.get(url, follow=True)),
            ("POST", post_everything(client, url, page, destination)),
        ):
            if outcome(response) == "opened" and name not in READ_ONLY:
                wrong.append((method, url, "opened"))
            body = response.content.decode(errors="replace")
            if SECRET_ADDRESS in body or SECRET_LINK in body:
                wrong.append((method, url, "shows the private address"))
        if site_state() != before:
            wrong.append(("POST", url, "changed the site"))
    return wrong


@pytest.mark.parametrize("kind", ["event", "letters"])
def test_editors_are_refused_every_route_of_events_and_letter_campaigns(
    pages, users, kind
):
    client = client_for(users["Editors"])
    page, destination = pages[kind], pages["destinations"][kind]
    assert assert_refused_everywhere(client, page, destination) == []

    # With a workflow in progress: its actions, preview and history too.
    state = page.get_workflow().start(page, users["superuser"])
    assert assert_refused_everywhere(client, page, destination, state) == []


def test_moderators_are_refused_every_route_of_an_event(pages, users):
    """Moderators review what the public submits: no page is theirs."""
    client = client_for(users["Moderators"])
    page, destination = pages["event"], pages["destinations"]["event"]
    assert assert_refused_everywhere(client, page, destination) == []


# --- the requests of the issue -----------------------------------------------
def test_editors_cannot_take_an_event_or_a_letter_campaign_offline(pages, users):
    """The three POSTs of issue 18: each used to succeed."""
    client = client_for(users["Editors"])
    event, letters = pages["event"], pages["letters"]
    client.post(f"/admin/pages/{event.pk}/unpublish/", {"include_descendants": "on"})
    client.post(f"/admin/pages/{letters.pk}/unpublish/")
    client.post(
        f"/admin/bulk/wagtailcore/page/delete/?id={event.pk}&id={letters.pk}",
        {"confirm_site_name": "Networks of Care"},
    )
    french = EventPage.objects.get(
        translation_key=event.translation_key, locale__language_code="fr"
    )
    assert EventPage.objects.get(pk=event.pk).live
    assert french.live
    assert LetterCampaignPage.objects.get(pk=letters.pk).live


def test_editors_cannot_read_a_private_event_in_its_revisions(pages, users):
    client = client_for(users["Editors"])
    event = pages["event"]
    response = client.get(
        f"/admin/pages/{event.pk}/revisions/compare/earliest...latest/", follow=True
    )
    assert outcome(response) == "refused"
    assert SECRET_ADDRESS not in response.content.decode()


# --- bulk actions ------------------------------------------------------------
def page_bulk_actions():
    return sorted(
        action.action_type
        for action in bulk_action_registry.get_bulk_actions_for_model(
            "wagtailcore", "page"
        )
    )


def bulk_url(action, *pages, next_url="/admin/"):
    ids = "&".join(f"id={page.pk}" for page in pages)
    return f"/admin/bulk/wagtailcore/page/{action}/?{ids}&next={next_url}"


def test_the_walk_finds_the_bulk_actions():
    assert {"delete", "move", "publish", "unpublish"} <= set(page_bulk_actions())


@pytest.mark.parametrize("kind", ["event", "letters"])
def test_editors_bulk_actions_leave_events_and_letter_campaigns_alone(
    pages, users, kind
):
    client = client_for(users["Editors"])
    page, destination = pages[kind], pages["destinations"][kind]
    changed = []
    for action in page_bulk_actions():
        url = bulk_url(action, page)
        before = site_state()
        confirm = client.get(url)
        assert confirm.status_code == 200
        # Listed as a page they may not act on, not as one to act on.
        assert confirm.context["items"] == []
        assert [
            entry["item"].pk for entry in confirm.context["items_with_no_access"]
        ] == [page.pk]
        client.post(
            url,
            {
                "confirm_site_name": "Networks of Care",
                "chooser": destination.pk,
                "include_descendants": "on",
            },
        )
        if site_state() != before:
            changed.append(action)
    assert changed == []


def test_editors_bulk_unpublish_content_pages(pages, users):
    client = client_for(users["Editors"])
    content = pages["content"]
    client.post(bulk_url("unpublish", content))
    assert not Page.objects.get(pk=content.pk).live


def test_organizers_bulk_unpublish_events_and_letter_campaigns(pages, users):
    client = client_for(users["Organizers"])
    event, letters = pages["event"], pages["letters"]
    client.post(bulk_url("unpublish", event, letters))
    assert not Page.objects.get(pk=event.pk).live
    assert not Page.objects.get(pk=letters.pk).live


# --- Editors still do their job, Organizers theirs ---------------------------
def test_editors_unpublish_and_delete_content_pages(pages, users):
    client = client_for(users["Editors"])
    content = pages["content"]
    client.post(f"/admin/pages/{content.pk}/unpublish/")
    assert not Page.objects.get(pk=content.pk).live
    client.post(f"/admin/pages/{content.pk}/delete/")
    assert not Page.objects.filter(pk=content.pk).exists()


def test_editors_cannot_delete_a_content_page_holding_an_event_index(pages, users):
    """Deleting a page deletes what is below it: an Editor may delete a
    content page only when everything below is a content page too."""
    client = client_for(users["Editors"])
    holder = pages["destinations"]["event"].get_parent()  # privacy, holds an index
    response = client.post(f"/admin/pages/{holder.pk}/delete/", follow=True)
    assert outcome(response) == "refused"
    assert Page.objects.filter(pk=holder.pk).exists()


def test_organizers_unpublish_and_lock_events(pages, users):
    client = client_for(users["Organizers"])
    event = pages["event"]
    client.post(f"/admin/pages/{event.pk}/lock/")
    assert Page.objects.get(pk=event.pk).locked
    client.post(f"/admin/pages/{event.pk}/unlock/")
    client.post(f"/admin/pages/{event.pk}/unpublish/")
    assert not Page.objects.get(pk=event.pk).live
