"""Home, about, dashboard, news and the error pages."""

import datetime
import gzip
import io
from urllib.parse import unquote

import pytest
from django.core.management import call_command
from django.utils import translation
from django.utils.translation import gettext

from network.pages.models import NewsPost
from tests.factories import NewsPostFactory, OrganisationPersonFactory, UserFactory


@pytest.fixture
def demo(db):
    call_command("seed_demo", stdout=io.StringIO())


@pytest.mark.parametrize("lang", ["fr", "en", "bm"])
def test_home_shows_the_project_objectives_partners_and_funder(client, demo, lang):
    content = client.get(f"/{lang}/").content.decode()

    from network.pages.demo import PROJECT
    from network.progress.demo import OBJECTIVES

    assert PROJECT["title"][lang] in content
    for titles in OBJECTIVES.values():
        assert titles[lang].replace("'", "&#x27;") in content
    for acronym in ("WANEP", "GPPAC", "HSC", "ADA"):
        assert f"<strong>{acronym}</strong>" in content


def test_about_states_the_project_period(client, demo):
    content = client.get("/en/about/").content.decode()

    assert "The project runs from 1 November 2013 to 31 October 2016." in content


@pytest.mark.django_db
@pytest.mark.parametrize("item_count", [1, 20])
def test_home_query_count_does_not_grow_with_news(client, django_assert_num_queries, item_count):
    NewsPostFactory.create_batch(item_count)

    # project, objectives, partners, news
    with django_assert_num_queries(4):
        response = client.get("/fr/")

    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("item_count", [1, 20])
def test_dashboard_query_count(client, django_assert_num_queries, item_count):
    user = UserFactory(roles=["coordinator", "donor"])
    for _ in range(item_count):
        OrganisationPersonFactory(user=user)
    client.force_login(user)

    # user, unread notifications (header), user's roles, is-member check
    with django_assert_num_queries(4):
        response = client.get("/fr/dashboard/")

    assert response.status_code == 200


@pytest.mark.django_db
def test_dashboard_requires_login(client):
    response = client.get("/fr/dashboard/")

    assert response["Location"] == "/fr/accounts/login/?next=/fr/dashboard/"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("roles", "member", "visible", "hidden"),
    [
        (["coordinator"], False, ["coordinator"], ["member", "donor", "admin"]),
        (["donor"], False, ["donor"], ["member", "coordinator", "admin"]),
        (["administrator"], False, ["admin"], ["member", "coordinator", "donor"]),
        ([], True, ["member"], ["coordinator", "donor", "admin"]),
    ],
)
def test_dashboard_shows_each_role_what_it_can_do(client, roles, member, visible, hidden):
    user = UserFactory(roles=roles)
    if member:
        OrganisationPersonFactory(user=user)
    client.force_login(user)

    content = client.get("/en/dashboard/").content.decode()

    assert [f'id="{panel}-title"' in content for panel in visible] == [True] * len(visible)
    assert [f'id="{panel}-title"' in content for panel in hidden] == [False] * len(hidden)


@pytest.mark.django_db
@pytest.mark.parametrize("item_count", [1, 20])
def test_news_list_query_count(client, django_assert_num_queries, item_count):
    NewsPostFactory.create_batch(item_count)

    # count for the paginator, the page of posts
    with django_assert_num_queries(2):
        response = client.get("/fr/news/")

    assert len(response.context["posts"]) == min(item_count, 10)


@pytest.mark.django_db
def test_news_search_finds_a_french_title_while_bambara_is_active(client):
    NewsPostFactory(title="Dialogue régional à Mopti", title_fr="Dialogue régional à Mopti")
    NewsPostFactory(title="Atelier à Kayes", title_fr="Atelier à Kayes")

    response = client.get("/bm/news/", {"q": "mopti"})

    assert [post.title_fr for post in response.context["posts"]] == ["Dialogue régional à Mopti"]


@pytest.mark.django_db
def test_news_search_with_no_match_says_so_and_offers_the_full_list(client):
    NewsPostFactory()

    content = client.get("/en/news/", {"q": "nothing-like-this"}).content.decode()

    assert "No news matches “nothing-like-this”." in content
    assert '<a href="/en/news/">Show all news</a>' in content


@pytest.mark.django_db
def test_news_list_paginates_ten_a_page(client):
    NewsPostFactory.create_batch(12)

    second = client.get("/en/news/", {"page": 2})

    assert len(second.context["posts"]) == 2
    assert "Page 2 of 2" in second.content.decode()


@pytest.mark.django_db
def test_draft_news_is_hidden_from_visitors_with_404(client):
    draft = NewsPostFactory(status="draft")

    response = client.get(f"/fr/news/{draft.slug}/")

    assert response.status_code == 404


@pytest.mark.django_db
def test_news_body_is_sanitised(client):
    post = NewsPostFactory(
        body_fr='Bonjour <script>alert("x")</script> [lien](javascript:alert(1)) **gras**'
    )

    content = client.get(f"/fr/news/{post.slug}/").content.decode()

    assert "<script>alert" not in content
    assert 'href="javascript:' not in content
    assert "<strong>gras</strong>" in content


@pytest.mark.django_db
def test_coordinator_writes_news_in_bambara_with_a_bambara_date(client, coordinator):
    client.force_login(coordinator)

    response = client.post(
        "/bm/news/new/",
        {
            "title_fr": "Dialogue communautaire à Ségou",
            "body_fr": "Compte rendu.",
            "title_bm": "Sigida baro Segu",
            "body_bm": "Kibaru.",
            "published_on": "05/03/2014",
            "status": "published",
        },
    )

    post = NewsPost.objects.get()
    assert unquote(response["Location"]) == "/bm/news/dialogue-communautaire-à-ségou/"
    assert post.published_on == datetime.date(2014, 3, 5)
    assert (post.author, post.title_bm) == (coordinator, "Sigida baro Segu")
    page = client.get(post.get_absolute_url().replace("/fr/", "/bm/")).content.decode()
    assert "5 marisi 2014" in page


@pytest.mark.django_db
def test_news_form_keeps_what_was_typed_when_invalid(client, coordinator):
    client.force_login(coordinator)

    response = client.post(
        "/fr/news/new/",
        {"title_fr": "Titre gardé", "body_fr": "", "published_on": "31/02/2014", "status": "draft"},
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert 'value="Titre gardé"' in content
    assert 'value="31/02/2014"' in content
    assert NewsPost.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("role", [None, "donor"])
def test_only_coordinators_write_news(client, role):
    client.force_login(UserFactory(roles=[role] if role else []))

    response = client.get("/fr/news/new/")

    assert response.status_code == 404


@pytest.mark.django_db
def test_visitor_asked_to_log_in_to_write_news(client):
    response = client.get("/fr/news/new/")

    assert response["Location"] == "/fr/accounts/login/?next=/fr/news/new/"


@pytest.mark.django_db
def test_atom_feed_lists_published_news_without_email_addresses(client):
    author = UserFactory(email="private.person@example.org", display_name="Mariam")
    NewsPostFactory(title_fr="Publiée", author=author)
    NewsPostFactory(title_fr="Brouillon", status="draft")

    response = client.get("/fr/news/feed/")

    content = response.content.decode()
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    assert "<title>Publiée</title>" in content
    assert "Brouillon" not in content
    assert "<name>Mariam</name>" in content
    assert "private.person@example.org" not in content


@pytest.mark.django_db
@pytest.mark.parametrize("lang", ["fr", "en", "bm"])
def test_404_page_is_translated(client, lang):
    response = client.get(f"/{lang}/no-such-page/")

    with translation.override(lang):
        title = gettext("Page not found")
    assert response.status_code == 404
    assert f"<h1>{title}</h1>" in response.content.decode()


ERROR_TITLES = ["Access denied", "Page not found", "Too many attempts", "Server error"]


@pytest.mark.parametrize("lang", ["fr", "bm"])
def test_error_page_titles_are_translated(lang):
    with translation.override(lang):
        titles = [gettext(title) for title in ERROR_TITLES]

    assert [
        translated == english for translated, english in zip(titles, ERROR_TITLES, strict=True)
    ] == [False] * len(ERROR_TITLES)


def test_500_page_renders_without_database(rf):
    from network.pages.views import server_error

    with translation.override("fr"):
        response = server_error(rf.get("/fr/"))

    assert response.status_code == 500
    assert '<html lang="fr">' in response.content.decode()


@pytest.mark.django_db
def test_403_page_is_translated(rf):
    from network.pages.views import permission_denied

    request = rf.get("/fr/")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    with translation.override("fr"):
        response = permission_denied(request)
        title = gettext("Access denied")

    assert response.status_code == 403
    assert f"<h1>{title}</h1>" in response.content.decode()


def test_home_page_fits_the_page_budget(client, demo):
    response = client.get("/fr/")

    compressed = gzip.compress(response.content, compresslevel=6)
    css = client.get("/static/css/site.css")
    css_bytes = b"".join(css.streaming_content) if css.streaming else css.content
    assert len(compressed) <= 14 * 1024
    assert len(compressed) + len(gzip.compress(css_bytes)) <= 100 * 1024


def test_seed_demo_twice_leaves_the_same_row_counts(db):
    from django.apps import apps

    def counts():
        return {m._meta.label: m._default_manager.count() for m in apps.get_models()}

    call_command("seed_demo", stdout=io.StringIO())
    first = counts()
    call_command("seed_demo", stdout=io.StringIO())

    assert counts() == first
    assert first["accounts.User"] == 4
    assert first["progress.Objective"] == 4
    assert first["pages.Partner"] == 4


def test_seed_demo_again_keeps_the_demo_accounts_logged_in(client, db):
    """Found by the fresh-user walkthrough: ``make run`` seeds again, which reset every demo
    password and so ended their sessions."""
    call_command("seed_demo", stdout=io.StringIO())
    client.post(
        "/fr/accounts/login/",
        {"login": "coordinator@demo.example.org", "password": "Demo-coordinator-2013"},
    )
    call_command("seed_demo", stdout=io.StringIO())

    response = client.get("/fr/dashboard/")

    assert response.status_code == 200
    assert response.context["user"].email == "coordinator@demo.example.org"


def test_reference_data_has_mali_regions_and_themes(db):
    from network.pages.models import Region, Theme

    regions = list(Region.objects.values_list("slug", "established"))
    themes = list(Theme.objects.values_list("slug", flat=True))

    assert len(regions) == 11
    assert [slug for slug, year in regions if year == 2016] == ["taoudenit", "menaka"]
    assert len(themes) == 10
    assert themes[:7] == [
        "economic-security", "food-security", "health-security", "environmental-security",
        "personal-security", "community-security", "political-security",
    ]  # fmt: skip


@pytest.mark.django_db
def test_coordinator_finds_drafts_in_the_news_list(client, coordinator):
    NewsPostFactory(title_fr="Brouillon en cours", status="draft")
    client.force_login(coordinator)

    content = client.get("/fr/news/").content.decode()

    assert "Brouillon en cours" in content
    assert '<strong class="tag">Brouillon</strong>' in content


@pytest.mark.django_db
def test_visitor_does_not_see_drafts_in_the_news_list(client):
    NewsPostFactory(title_fr="Brouillon en cours", status="draft")

    content = client.get("/fr/news/").content.decode()

    assert "Brouillon en cours" not in content


@pytest.mark.django_db
def test_second_editor_is_warned_and_keeps_their_text(client, coordinator):
    post = NewsPostFactory(title_fr="Atelier", body_fr="Version de départ.")
    client.force_login(coordinator)
    form = client.get(f"/en/news/{post.slug}/edit/").context["form"]
    opened = {name: form[name].value() or "" for name in form.fields}
    other = UserFactory(roles=["coordinator"])
    client2 = client.__class__()
    client2.force_login(other)
    client2.post(f"/en/news/{post.slug}/edit/", {**opened, "body_fr": "Version de l'autre."})

    response = client.post(f"/en/news/{post.slug}/edit/", {**opened, "body_fr": "Ma version."})

    content = response.content.decode()
    assert response.status_code == 200
    assert "Someone else saved this post after you opened it." in str(
        response.context["form"].non_field_errors()
    )
    assert "Ma version." in content
    post.refresh_from_db()
    assert post.body_fr == "Version de l'autre."

    resent = {name: response.context["form"][name].value() or "" for name in form.fields}
    again = client.post(f"/en/news/{post.slug}/edit/", resent)
    post.refresh_from_db()
    assert again.status_code == 302
    assert post.body_fr == "Ma version."


@pytest.mark.django_db
@pytest.mark.parametrize("title", ["feed", "new"])
def test_news_titles_that_match_other_routes_get_another_slug(client, coordinator, title):
    client.force_login(coordinator)

    client.post(
        "/fr/news/new/",
        {"title_fr": title, "body_fr": "x", "published_on": "05/03/2014", "status": "published"},
    )

    post = NewsPost.objects.get()
    assert post.slug == f"{title}-2"
    assert client.get(f"/fr/news/{post.slug}/").context["post"] == post


@pytest.mark.django_db
def test_news_body_over_the_limit_is_refused_and_kept(client, coordinator):
    client.force_login(coordinator)
    body = "a" * 30_001

    response = client.post(
        "/fr/news/new/",
        {"title_fr": "Long", "body_fr": body, "published_on": "05/03/2014", "status": "draft"},
    )

    assert response.status_code == 200
    assert response.context["form"]["body_fr"].value() == body
    assert NewsPost.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    "body",
    ["[" * 20_000, "".join("    " * i + "1. x\n" for i in range(300)), "> " * 5_000 + "x"],
    ids=["brackets", "nested-lists", "nested-quotes"],
)
def test_hostile_markdown_does_not_break_the_post_or_the_feed(client, body):
    post = NewsPostFactory(body_fr=body)

    page = client.get(f"/fr/news/{post.slug}/")
    feed = client.get("/fr/news/feed/")

    assert (page.status_code, feed.status_code) == (200, 200)


@pytest.mark.django_db
def test_news_post_added_in_the_admin_gets_a_slug_and_author(client, administrator):
    client.force_login(administrator)

    client.post(
        "/admin/pages/newspost/add/",
        {"title_fr": "Depuis l'admin", "body_fr": "Texte", "published_on": "2014-03-05",
         "status": "published", "summary_fr": ""},
    )  # fmt: skip

    post = NewsPost.objects.get()
    assert (post.slug, post.author) == ("depuis-ladmin", administrator)
    assert client.get("/fr/").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/fr/news/%00/", "/fr/news/?q=%00"])
def test_nul_character_in_the_address_answers_400(client, path):
    response = client.get(path)

    assert response.status_code == 400
    assert "<h1>Requête incorrecte</h1>" in response.content.decode()


@pytest.mark.django_db
def test_expired_form_answers_a_translated_page(user):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)

    response = client.post("/bm/accounts/login/", {"login": user.email, "password": "x"})

    with translation.override("bm"):
        title = gettext("The form has expired")
    assert response.status_code == 403
    assert f"<h1>{title}</h1>" in response.content.decode()


@pytest.mark.django_db
def test_partner_admin_form_takes_a_website_without_scheme_as_https(client, administrator):
    # Django 5.2 warns (RemovedInDjango60Warning) when a URLField's form field has no
    # assume_scheme; under the suite's "warnings are errors" the page was a server error.
    from network.pages.models import Partner

    partner = Partner.objects.create(name="WANEP", acronym="WANEP", role="implementing")
    client.force_login(administrator)

    response = client.get(f"/admin/pages/partner/{partner.pk}/change/")

    website = response.context["adminform"].form.fields["website"]
    assert (response.status_code, website.clean("wanep.example.org")) == (
        200,
        "https://wanep.example.org",
    )
