"""The strategy document and its sections through the views: reading, editing with merges
and conflicts, previews, history, word diffs, restoring, translations, and who may do what."""

import re

import pytest
from django.urls import URLPattern, reverse
from django.utils import translation
from django.utils.translation import gettext

from strategy import selectors, services, urls_sections, views_sections
from strategy.diffs import word_changes, word_diff_html
from strategy.enums import GENDER_CHECKLIST, SectionStatus
from strategy.models import Revision, Section
from tests.factories import OrganisationPersonFactory, UserFactory
from tests.factories.strategy import StrategyFactory, make_section

pytestmark = pytest.mark.django_db

ROLES = ["visitor", "member", "coordinator", "donor", "administrator"]
LOGIN = 302
BASE = "Paragraphe A.\n\nParagraphe B.\n\nParagraphe C."


def _as(client, user):
    client.logout()
    if user is not None:
        client.force_login(user)
    return client


def _validate(section, by):
    services.section_set_status(section=section, status=SectionStatus.IN_REVIEW, changed_by=by)
    return services.section_set_status(
        section=section, status=SectionStatus.VALIDATED, changed_by=by,
        checklist=dict.fromkeys(GENDER_CHECKLIST, True),
    )  # fmt: skip


def _publish(strategy, by):
    return services.strategy_publish(strategy=strategy, published_by=by)


def _edit_url(section, lang="fr", prefix="fr"):
    return f"/{prefix}/strategy/{section.slug}/edit/?lang={lang}"


def _edit_data(section, *, body, base, title=None, summary="", **extra):
    data = {"title": title or section.title_fr, "body": body, "summary": summary}
    data["base"] = base.pk if base else ""
    data.update(extra)
    return data


@pytest.fixture
def world(db):
    """The network roles, a published strategy with a draft and a validated section."""
    coordinator = UserFactory(roles=["coordinator"])
    users = {
        "visitor": None,
        "member": OrganisationPersonFactory().user,
        "coordinator": coordinator,
        "donor": UserFactory(roles=["donor"]),
        "administrator": UserFactory(roles=["administrator"]),
    }
    strategy = StrategyFactory()
    draft = make_section(strategy=strategy, title="Sécurité alimentaire", body=BASE,
                         author=coordinator)  # fmt: skip
    validated = make_section(strategy=strategy, title="Sécurité économique", body=BASE,
                             author=coordinator, order=1)  # fmt: skip
    for section in (draft, validated):
        services.section_save_revision(
            section=section, language="fr", title=section.title_fr, body=BASE + "\n\nD.",
            author=coordinator, base=services.latest_revision(section, "fr"),
        )  # fmt: skip
    _validate(validated, coordinator)  # after the edits: an edit sends it back to review
    _publish(strategy, coordinator)
    return {"users": users, "strategy": strategy, "sections": {"draft": draft,
            "validated": validated}}  # fmt: skip


# --- Permission matrix -----------------------------------------------------------

# (url name, section or None): expected status of a GET for each role, in ROLES order.
# Administrators are superusers: every permission, as in tests/members/test_permissions.py.
MATRIX = {
    ("document", None): [200, 200, 200, 200, 200],
    ("new", None): [LOGIN, 404, 200, 404, 200],
    ("section", "draft"): [LOGIN, 200, 200, 404, 200],
    ("section", "validated"): [200, 200, 200, 200, 200],
    ("edit", "draft"): [LOGIN, 404, 200, 404, 200],
    ("edit", "validated"): [LOGIN, 404, 200, 404, 200],
    # History and diffs show earlier drafts: insiders only, even for a validated section.
    ("history", "draft"): [LOGIN, 200, 200, 404, 200],
    ("history", "validated"): [LOGIN, 200, 200, 404, 200],
    ("diff", "draft"): [LOGIN, 200, 200, 404, 200],
    ("diff", "validated"): [LOGIN, 200, 200, 404, 200],
    # POST only: the coordinator's GET is refused as a method, everyone else's as a page.
    ("restore", "draft"): [LOGIN, 404, 405, 404, 405],
    ("restore", "validated"): [LOGIN, 404, 405, 404, 405],
}


def _url(name, section):
    if section is None:
        return reverse(f"strategy:{name}")
    first, second = Revision.objects.filter(section=section, language="fr").order_by("number")
    if name == "restore":
        return reverse("strategy:restore", kwargs={"slug": section.slug, "pk": first.pk})
    url = reverse(f"strategy:{name}", kwargs={"slug": section.slug})
    if name == "diff":
        url += f"?from={first.pk}&to={second.pk}"
    return url


def test_every_sections_route_has_a_row():
    names = {p.name for p in urls_sections.urlpatterns if isinstance(p, URLPattern)}

    assert names == {name for name, _section in MATRIX}


@pytest.mark.parametrize(("name", "section"), sorted(MATRIX, key=str))
def test_sections_permission_matrix(client, world, name, section):
    url = _url(name, world["sections"][section] if section else None)
    statuses = []

    for role in ROLES:
        statuses.append(_as(client, world["users"][role]).get(url).status_code)

    assert statuses == MATRIX[(name, section)]


def test_restore_post_permission_matrix(client, world):
    section = world["sections"]["draft"]
    first = Revision.objects.get(section=section, language="fr", number=1)
    url = reverse("strategy:restore", kwargs={"slug": section.slug, "pk": first.pk})
    statuses = []

    for role in ROLES:
        statuses.append(_as(client, world["users"][role]).post(url).status_code)

    assert statuses == [LOGIN, 404, 302, 404, 302]
    assert Revision.objects.filter(section=section, language="fr").count() == 4


def test_edit_post_permission_matrix(client, world):
    section = world["sections"]["draft"]
    statuses = []

    for role in ROLES:
        latest = services.latest_revision(section, "fr")
        data = _edit_data(section, body=f"Texte de {role}.", base=latest)
        statuses.append(
            _as(client, world["users"][role]).post(_edit_url(section), data).status_code
        )

    saved = Revision.objects.filter(section=section, language="fr").order_by("number")
    assert statuses == [LOGIN, 404, 302, 404, 302]
    assert [r.body for r in saved][2:] == ["Texte de coordinator.", "Texte de administrator."]


def test_a_validated_section_of_an_unpublished_strategy_is_hidden(client, coordinator):
    strategy = StrategyFactory()
    section = _validate(make_section(strategy=strategy, author=coordinator), coordinator)
    url = section.get_absolute_url()

    visitor = client.get(url)
    donor = _as(client, UserFactory(roles=["donor"])).get(url)

    assert visitor.status_code == LOGIN
    assert donor.status_code == 404


def test_visitor_is_sent_to_login_for_an_unknown_section_too(client, db):
    response = client.get("/fr/strategy/aucune-section/")

    assert response.status_code == 302
    assert response["Location"] == "/fr/accounts/login/?next=/fr/strategy/aucune-section/"


def test_logged_in_user_gets_404_for_an_unknown_section(client, user):
    client.force_login(user)

    assert client.get("/fr/strategy/aucune-section/").status_code == 404


def test_unknown_language_of_the_edit_form_is_404(client, coordinator):
    section = make_section(author=coordinator)
    client.force_login(coordinator)

    assert client.get(_edit_url(section, lang="de")).status_code == 404


# --- The document ------------------------------------------------------------------


@pytest.fixture
def drafted(coordinator):
    """An unpublished strategy: 1 draft, 1.1 in review, 2 validated."""
    strategy = StrategyFactory(title="Stratégie", introduction="Une *introduction*.")
    draft = make_section(strategy=strategy, title="Causes profondes", author=coordinator)
    in_review = make_section(strategy=strategy, title="Genre", author=coordinator, parent=draft)
    services.section_set_status(section=in_review, status=SectionStatus.IN_REVIEW,
                                changed_by=coordinator)  # fmt: skip
    validated = make_section(strategy=strategy, title="Mise en œuvre", author=coordinator,
                             order=2)  # fmt: skip
    _validate(validated, coordinator)
    return strategy


def _titles(response):
    def walk(nodes):
        for node in nodes:
            yield f"{node.number} {node.section.title}"
            yield from walk(node.children)

    return list(walk(response.context["outline"].nodes))


def test_document_shows_numbered_nested_sections_and_counts_to_insiders(client, drafted):
    member = OrganisationPersonFactory().user
    client.force_login(member)

    response = client.get("/fr/strategy/")

    assert _titles(response) == ["1 Causes profondes", "1.1 Genre", "2 Mise en œuvre"]
    counts = [(value, count) for value, _label, count in response.context["outline"].counts]
    assert counts == [("draft", 1), ("in_review", 1), ("validated", 1)]
    assert "<p>Une <em>introduction</em>.</p>" in response.content.decode()


@pytest.mark.parametrize("role", ["visitor", "donor"])
def test_document_is_not_shown_to_outsiders_before_it_is_published(client, drafted, role):
    _as(client, UserFactory(roles=["donor"]) if role == "donor" else None)

    response = client.get("/en/strategy/")

    assert response.status_code == 200
    assert "outline" not in response.context
    assert "has not been published yet" in response.content.decode()
    assert "Causes profondes" not in response.content.decode()


@pytest.mark.parametrize("role", ["visitor", "donor"])
def test_outsiders_see_only_validated_sections_of_the_published_strategy(
    client, drafted, coordinator, role
):
    _publish(drafted, coordinator)
    _as(client, UserFactory(roles=["donor"]) if role == "donor" else None)

    response = client.get("/fr/strategy/")

    html = response.content.decode()
    assert _titles(response) == ["2 Mise en œuvre"]
    assert "Causes profondes" not in html
    assert "Genre" not in html


def test_document_without_a_strategy_shows_an_empty_state(client, db):
    response = client.get("/en/strategy/")

    assert response.status_code == 200
    assert "has not started drafting its strategy" in response.content.decode()


def test_section_numbers_are_counted_once_then_follow_a_new_section(
    coordinator, django_assert_num_queries
):
    strategy = StrategyFactory()
    second = services.section_create(
        strategy=strategy, title="Deuxième", body="", author=coordinator, order=20
    )
    with django_assert_num_queries(1):
        counted = selectors.section_number(second)
    with django_assert_num_queries(0):
        kept = selectors.section_number(second)

    services.section_create(
        strategy=strategy, title="Première", body="", author=coordinator, order=10
    )
    moved = selectors.section_number(second)

    assert (counted, kept, moved) == ("1", "1", "2")


def test_section_numbers_survive_loops_of_parents():
    rows = [(1, None, 0), (2, 1, 0), (3, 1, 1), (4, 5, 0), (5, 4, 0), (6, None, 1)]

    assert selectors.section_numbers(rows) == {
        1: "1", 2: "1.1", 3: "1.2", 6: "2", 4: "3", 5: "3.1",
    }  # fmt: skip


# --- The section page ----------------------------------------------------------------


def test_section_is_shown_in_the_active_language_with_french_fallback(client, coordinator):
    section = make_section(title="Sécurité alimentaire", body="Le texte.", author=coordinator)
    services.section_save_revision(
        section=section, language="en", title="Food security", body="", author=coordinator,
        base=None, source=services.latest_revision(section, "fr"),
    )  # fmt: skip
    client.force_login(coordinator)

    english = client.get(f"/en/strategy/{section.slug}/").content.decode()
    bambara = client.get(f"/bm/strategy/{section.slug}/").content.decode()

    assert '<span class="number">1</span> <span>Food security</span>' in english
    assert '<div class="section-body" lang="fr"><p>Le texte.</p>\n</div>' in english
    assert '<span lang="fr">Sécurité alimentaire</span>' in bambara


def test_section_tells_insiders_which_translations_are_behind(client, coordinator):
    section = make_section(body=BASE, author=coordinator)
    french = services.latest_revision(section, "fr")
    services.section_save_revision(
        section=section, language="bm", title="Dumuni", body="Baro.", author=coordinator,
        base=None, source=french,
    )  # fmt: skip
    services.section_save_revision(
        section=section, language="fr", title=section.title_fr, body=BASE + "\n\nD.",
        author=coordinator, base=french,
    )  # fmt: skip
    client.force_login(coordinator)

    response = client.get(f"/en/strategy/{section.slug}/")

    states = {item["code"]: item["behind"] for item in response.context["translations"]}
    assert states == {"en": True, "bm": True}
    assert "Behind the French text: translated from French revision 1" in response.content.decode()
    assert "Not translated yet" in response.content.decode()


HOSTILE = (
    "<script>alert('x')</script>\n\n"
    '<img src="x" onerror="alert(1)">\n\n'
    "[cliquez](javascript:alert(1))\n\n"
    '<a href="#" onclick="alert(1)">lien</a>'
)


def _harmless(html: str) -> bool:
    """No script or image element, and no element with an event handler or a javascript: URL."""
    tags = re.findall(r"<[a-zA-Z][^>]*>", html)
    return not any(
        tag.lower().startswith(("<script", "<img"))
        or re.search(r"\son\w+\s*=", tag, re.IGNORECASE)
        or "javascript:" in tag.lower()
        for tag in tags
    )


def test_markdown_with_a_script_a_handler_or_a_javascript_link_is_shown_harmless(
    client, coordinator
):
    section = make_section(body=HOSTILE, author=coordinator)
    client.force_login(coordinator)

    html = client.get(section.get_absolute_url()).content.decode()

    body = html[html.index('<div class="section-body">') : html.index("</article>")]
    assert _harmless(body)
    assert "<p>&lt;script&gt;alert('x')&lt;/script&gt;</p>" in body
    assert "<p>[cliquez](javascript:alert(1))</p>" in body


def test_preview_renders_harmless_markdown_without_saving(client, coordinator):
    section = make_section(body=BASE, author=coordinator)
    base = services.latest_revision(section, "fr")
    client.force_login(coordinator)

    response = client.post(
        _edit_url(section), _edit_data(section, body="**Gras**\n\n" + HOSTILE, base=base,
                                       preview="1"),
    )  # fmt: skip

    assert response.status_code == 200
    preview = str(response.context["preview_html"])
    assert preview.startswith("<p><strong>Gras</strong></p>")
    assert _harmless(preview)
    assert Revision.objects.filter(section=section).count() == 1
    assert "**Gras**" in response.context["form"]["body"].value()


# --- Editing: merges and conflicts -----------------------------------------------------


def test_two_edits_to_different_paragraphs_merge(client, coordinator):
    section = make_section(body=BASE, author=coordinator)
    other = UserFactory(roles=["coordinator"])
    client.force_login(coordinator)
    opened = client.get(_edit_url(section)).context["form"]["base"].value()
    base = Revision.objects.get(pk=opened)
    _as(client, other).post(_edit_url(section), _edit_data(
        section, body=BASE.replace("Paragraphe A.", "Paragraphe A, revu."), base=base))  # fmt: skip

    response = _as(client, coordinator).post(
        _edit_url(section, prefix="en"),
        _edit_data(
            section, body=BASE.replace("Paragraphe C.", "Paragraphe C, précisé."), base=base
        ),
        follow=True,
    )

    latest = services.latest_revision(section, "fr")
    assert latest.body == "Paragraphe A, revu.\n\nParagraphe B.\n\nParagraphe C, précisé."
    assert latest.number == 3
    messages = [(m.level_tag, str(m)) for m in response.context["messages"]]
    assert [level for level, _text in messages] == ["warning"]
    assert "your text was merged with theirs as revision 3" in messages[0][1]


def test_two_edits_to_the_same_paragraph_conflict_and_keep_the_second_text(client, coordinator):
    section = make_section(body=BASE, author=coordinator)
    base = services.latest_revision(section, "fr")
    awa = UserFactory(roles=["coordinator"], display_name="Awa Traoré")
    _as(client, awa).post(_edit_url(section), _edit_data(
        section, body=BASE.replace("Paragraphe B.", "Version de Awa."), base=base))  # fmt: skip
    mine = BASE.replace("Paragraphe B.", "Version de Binta.")

    response = _as(client, coordinator).post(
        _edit_url(section, prefix="en"), _edit_data(section, body=mine, base=base)
    )

    html = response.content.decode()
    theirs = services.latest_revision(section, "fr")
    form = response.context["form"]
    assert response.status_code == 200
    assert response.context["conflict"] == theirs
    assert "Version de Awa." in html[html.index("Their text, saved meanwhile") :]
    assert form["body"].value() == mine
    assert "\nParagraphe A.\n\nVersion de Binta.\n\nParagraphe C.</textarea>" in html
    assert form["base"].value() == theirs.pk
    assert f'<input type="hidden" name="base" value="{theirs.pk}"' in html
    assert Revision.objects.filter(section=section, language="fr").count() == 2

    # The next save, from the form as shown, is deliberate: it goes over their revision.
    again = client.post(_edit_url(section), _edit_data(section, body=mine, base=theirs))

    assert again.status_code == 302
    assert services.latest_revision(section, "fr").body == mine


# --- Translations ------------------------------------------------------------------------


def test_translator_sees_the_french_diff_since_the_last_translation(client, coordinator):
    section = make_section(body="Le marché de Mopti est calme.", author=coordinator)
    client.force_login(coordinator)
    first = client.get(_edit_url(section, lang="bm"))
    french_1 = services.latest_revision(section, "fr")
    client.post(_edit_url(section, lang="bm"), _edit_data(
        section, title="Dumuni lakana", body="Mopti sugu ka hɛrɛ.", base=None,
        source=first.context["form"]["source"].value()))  # fmt: skip
    services.section_save_revision(
        section=section, language="fr", title=section.title_fr,
        body="Le marché de Sévaré est calme.", author=coordinator, base=french_1,
    )  # fmt: skip

    response = client.get(_edit_url(section, lang="bm", prefix="en"))

    translation = services.latest_revision(section, "bm")
    assert translation.source == french_1
    assert response.context["french_followed"] == french_1
    assert response.context["french"] == services.latest_revision(section, "fr")
    assert str(response.context["french_body_diff"]) == (
        'Le marché de <del><span class="vh">removed: </span>Mopti</del>'
        '<ins><span class="vh">added: </span>Sévaré</ins> est calme.'
    )
    assert response.context["form"]["body"].value() == "Mopti sugu ka hɛrɛ."


def test_a_first_translation_follows_the_latest_french_revision(client, coordinator):
    section = make_section(body=BASE, author=coordinator)
    client.force_login(coordinator)
    form = client.get(_edit_url(section, lang="en")).context["form"]

    client.post(_edit_url(section, lang="en"), _edit_data(
        section, title="Food security", body="Paragraph A.", base=None,
        source=form["source"].value()))  # fmt: skip

    english = services.latest_revision(section, "en")
    assert english.source == services.latest_revision(section, "fr")
    assert services.translation_status(section)["en"]["behind"] is False
    assert Section.objects.get(pk=section.pk).title_en == "Food security"


def test_french_saved_from_the_english_interface_leaves_the_english_text_alone(client, coordinator):
    strategy = StrategyFactory()
    client.force_login(coordinator)
    client.post("/en/strategy/new/", {"title": "Genre", "body": "Texte.", "order": "0"})
    section = Section.objects.get(title_fr="Genre")
    base = services.latest_revision(section, "fr")

    client.post(_edit_url(section, prefix="en"), _edit_data(section, body="Texte 2.", base=base))

    section.refresh_from_db()
    assert section.strategy == strategy
    assert (section.title_fr, section.body_fr) == ("Genre", "Texte 2.")
    assert (section.title_en, section.body_en) == (None, None)


# --- History, diffs, restore ------------------------------------------------------------


def test_history_lists_revisions_newest_first_with_compare_and_restore(client, coordinator):
    section = make_section(body=BASE, author=coordinator)
    for n in range(2):
        services.section_save_revision(
            section=section, language="fr", title=section.title_fr, body=f"{BASE} {n}",
            author=coordinator, base=services.latest_revision(section, "fr"), summary=f"n°{n}",
        )  # fmt: skip
    client.force_login(coordinator)

    response = client.get(f"/en/strategy/{section.slug}/history/?lang=fr")

    html = response.content.decode()
    revisions = response.context["revisions"]
    assert [r.number for r in revisions] == [3, 2, 1]
    assert f'name="to" value="{revisions[0].pk}" id="to-{revisions[0].pk}" checked' in html
    assert f'name="from" value="{revisions[1].pk}" id="from-{revisions[1].pk}" checked' in html
    assert f'form="restore-{revisions[0].pk}"' not in html
    assert f'<form id="restore-{revisions[2].pk}" method="post"' in html


def test_history_table_comes_from_the_cache_until_a_revision_is_saved(client, coordinator):
    from unittest import mock

    member = OrganisationPersonFactory().user
    section = make_section(body=BASE, author=coordinator)
    url = f"/en/strategy/{section.slug}/history/?lang=fr"
    client.force_login(coordinator)
    first = client.get(url).content.decode()

    with mock.patch("django.utils.formats.date_format", side_effect=AssertionError):
        again = client.get(url).content.decode()  # the rows' dates are not formatted again
    services.section_save_revision(
        section=section, language="fr", title=section.title_fr, body=f"{BASE} more",
        author=coordinator, base=services.latest_revision(section, "fr"), summary="Nouveau",
    )  # fmt: skip
    saved = client.get(url)
    client.force_login(member)
    as_member = client.get(url).content.decode()

    assert _table(again) == _table(first)
    assert [r.number for r in saved.context["revisions"]] == [2, 1]
    assert "Nouveau" in saved.content.decode()
    assert "Restore" in saved.content.decode() and ">Restore</button>" not in as_member


def _table(html: str) -> str:
    return html[html.index("<table") : html.index("</table>")]


def test_word_diff_marks_insertions_and_deletions_with_hidden_labels(client, coordinator):
    section = make_section(body="Le marché de Mopti est calme.", author=coordinator)
    old = services.latest_revision(section, "fr")
    new = services.section_save_revision(
        section=section, language="fr", title=section.title_fr,
        body="Le marché de Sévaré est calme et sûr.", author=coordinator, base=old,
    ).revision  # fmt: skip
    client.force_login(coordinator)

    response = client.get(f"/en/strategy/{section.slug}/diff/?from={old.pk}&to={new.pk}")

    assert (
        '<div class="diff" lang="fr">Le marché de '
        '<del><span class="vh">removed: </span>Mopti</del>'
        '<ins><span class="vh">added: </span>Sévaré</ins> est calme'
        '<ins><span class="vh">added: </span> et sûr</ins>.</div>'
    ) in response.content.decode()


def test_a_diff_is_drawn_once_per_pair_and_language(client, coordinator, monkeypatch):
    section = make_section(body="Le marché de Mopti est calme.", author=coordinator)
    old = services.latest_revision(section, "fr")
    new = services.section_save_revision(
        section=section, language="fr", title=section.title_fr,
        body="Le marché de Sévaré est calme.", author=coordinator, base=old,
    ).revision  # fmt: skip
    drawn = []
    monkeypatch.setattr(
        views_sections, "word_diff_html", lambda a, b: drawn.append(a) or word_diff_html(a, b)
    )
    client.force_login(coordinator)
    url = f"/strategy/{section.slug}/diff/?from={old.pk}&to={new.pk}"

    pages = [client.get(f"/{lang}{url}").content.decode() for lang in ("en", "en", "fr")]

    assert len(drawn) == 2  # English once, French once
    assert '<span class="vh">added: </span>Sévaré' in pages[1]
    with translation.override("fr"):
        added = gettext("added:")
    assert f'<span class="vh">{added} </span>Sévaré' in pages[2]
    assert added != "added:"


def test_word_diff_escapes_text_and_reads_a_replaced_phrase_as_one_change():
    assert word_changes("the quick brown fox", "a slow red fox") == [
        ("change", "the quick brown", "a slow red"),
        ("equal", " fox", " fox"),
    ]


def test_diff_of_a_revision_of_another_section_is_404(client, coordinator):
    section = make_section(author=coordinator)
    other = make_section(strategy=section.strategy, title="Autre", author=coordinator)
    mine = services.latest_revision(section, "fr")
    theirs = services.latest_revision(other, "fr")
    client.force_login(coordinator)

    assert client.get(f"/fr/strategy/{section.slug}/diff/?from={mine.pk}&to={theirs.pk}"
                      ).status_code == 404  # fmt: skip
    assert client.get(f"/fr/strategy/{section.slug}/diff/?from={mine.pk}").status_code == 404
    assert client.get(f"/fr/strategy/{section.slug}/diff/?from=x&to=1").status_code == 404


@pytest.mark.parametrize("digits", ["²", "¹", "߁", "١"])
def test_diff_and_restore_with_ids_in_other_digits_answer_without_error(
    client, coordinator, digits
):
    """``"²".isdigit()`` is true but ``int("²")`` fails: such ids used to answer 500."""
    section = make_section(body="Premier texte.", author=coordinator)
    first = services.latest_revision(section, "fr")
    client.force_login(coordinator)

    diff = client.get(f"/fr/strategy/{section.slug}/diff/?from={digits}&to={first.pk}")
    restore = client.post(
        f"/fr/strategy/{section.slug}/revisions/{first.pk}/restore/", {"seen": digits}
    )

    assert (diff.status_code, restore.status_code) == (404, 302)


def test_restore_makes_a_new_revision(client, coordinator):
    section = make_section(body="Premier texte.", author=coordinator)
    first = services.latest_revision(section, "fr")
    services.section_save_revision(
        section=section, language="fr", title=section.title_fr, body="Second texte.",
        author=coordinator, base=first,
    )  # fmt: skip
    client.force_login(coordinator)

    response = client.post(f"/fr/strategy/{section.slug}/revisions/{first.pk}/restore/")

    latest = services.latest_revision(section, "fr")
    assert response.status_code == 302
    history = reverse("strategy:history", kwargs={"slug": section.slug})
    assert response["Location"] == f"{history}?lang=fr"
    assert (latest.number, latest.body, latest.author) == (3, "Premier texte.", coordinator)
    assert Section.objects.get(pk=section.pk).body_fr == "Premier texte."


def test_restore_of_a_revision_of_another_section_is_404(client, coordinator):
    section = make_section(author=coordinator)
    other = make_section(strategy=section.strategy, title="Autre", author=coordinator)
    client.force_login(coordinator)
    theirs = services.latest_revision(other, "fr")

    response = client.post(f"/fr/strategy/{section.slug}/revisions/{theirs.pk}/restore/")

    assert response.status_code == 404


# --- Creating ------------------------------------------------------------------------------


def test_coordinator_creates_a_section_under_another(client, coordinator):
    strategy = StrategyFactory()
    parent = make_section(strategy=strategy, title="Causes profondes", author=coordinator)
    client.force_login(coordinator)

    response = client.post("/fr/strategy/new/", {
        "title": "Accès à la justice", "body": "Texte.", "parent": parent.pk, "order": "3",
        "dimension": "", "lead": coordinator.pk,
    })  # fmt: skip

    section = Section.objects.get(title_fr="Accès à la justice")
    assert response.status_code == 302
    assert (section.parent, section.order, section.lead) == (parent, 3, coordinator)
    assert services.latest_revision(section, "fr").author == coordinator


# --- Query counts --------------------------------------------------------------------------


def _sections(count, coordinator, *, validate=False):
    strategy = StrategyFactory()
    parent = None
    sections = []
    for n in range(count):
        section = make_section(strategy=strategy, title=f"Section {n}", body=BASE,
                               author=coordinator, parent=parent, order=n)  # fmt: skip
        if validate:
            _validate(section, coordinator)
        parent = parent or section
        sections.append(section)
    return strategy, sections


@pytest.mark.parametrize("item_count", [1, 20])
def test_document_query_count_for_a_visitor(
    client, django_assert_num_queries, coordinator, item_count
):
    strategy, _sections_made = _sections(item_count, coordinator, validate=True)
    _publish(strategy, coordinator)

    # the strategy; the outline's stamp (sections, latest revision); its sections (bodies
    # deferred), the cached outline being empty
    with django_assert_num_queries(4):
        response = client.get("/fr/strategy/")

    assert response.context["outline"].shown == item_count


@pytest.mark.parametrize("item_count", [1, 20])
def test_document_outline_comes_from_the_cache_until_it_changes(
    client, django_assert_num_queries, coordinator, item_count
):
    strategy, sections = _sections(item_count, coordinator, validate=True)
    _publish(strategy, coordinator)
    first = client.get("/fr/strategy/").content.decode()

    # the strategy; the stamp (2): the sections are not read
    with django_assert_num_queries(3):
        again = client.get("/fr/strategy/").content.decode()
    added = make_section(strategy=strategy, title="Nouvelle section", body=BASE,
                         author=coordinator, order=99)  # fmt: skip
    _validate(added, coordinator)
    changed = client.get("/fr/strategy/").content.decode()

    assert _outline(again) == _outline(first)
    assert "Nouvelle section" not in _outline(first)
    assert "Nouvelle section" in _outline(changed)


def _outline(page: str) -> str:
    return re.search(r'<nav aria-labelledby="outline-title">.*?</nav>', page, re.S).group(0)


def test_document_outline_follows_a_new_title(client, coordinator):
    strategy, (section,) = _sections(1, coordinator)
    client.force_login(coordinator)
    client.get("/fr/strategy/")

    services.section_save_revision(
        section=section, language="fr", title="Titre revu", body=BASE, author=coordinator,
        base=section.revisions.order_by("-pk").first(),
    )  # fmt: skip
    shown = client.get("/fr/strategy/").content.decode()

    assert "Titre revu" in _outline(shown)


@pytest.mark.parametrize("item_count", [1, 20])
def test_document_query_count_for_a_coordinator(
    client, django_assert_num_queries, coordinator, item_count
):
    _sections(item_count, coordinator)
    client.force_login(coordinator)

    # user, roles (view_drafts, change_section); the strategy; the outline's
    # stamp (2); its sections; unread notifications
    with django_assert_num_queries(7):
        response = client.get("/fr/strategy/")

    assert response.context["outline"].shown == item_count


@pytest.mark.parametrize("item_count", [1, 20])
def test_section_query_count_for_a_visitor(
    client, django_assert_num_queries, coordinator, item_count
):
    strategy, sections = _sections(item_count, coordinator, validate=True)
    _publish(strategy, coordinator)
    section = sections[-1]

    # The section with its strategy, dimension and lead; the numbers of all sections: 2.
    # Measured with the discussion panel (none for a visitor) and the blocks (1: linked
    # recommendations) as they are today; their owners adjust this literal when they change.
    with django_assert_num_queries(3):
        response = client.get(section.get_absolute_url())

    assert response.context["number"] == ("1" if item_count == 1 else f"1.{item_count - 1}")


@pytest.mark.parametrize("item_count", [1, 20])
def test_section_query_count_for_a_coordinator(
    client, django_assert_num_queries, coordinator, item_count
):
    _strategy, sections = _sections(item_count, coordinator)
    section = sections[-1]
    client.force_login(coordinator)

    # The section, with whether the reader follows it and whether it has comments and
    # amendments; user, roles; the numbers of all sections; the newest revision in each
    # language with the French one it follows (translation status, one query); unread
    # notifications: 6. Measured with the discussion panel (1: a membership check; no
    # comment or amendment to read) and the block of linked recommendations (1).
    with django_assert_num_queries(8):
        response = client.get(section.get_absolute_url())

    assert len(response.context["translations"]) == 2


@pytest.mark.parametrize("item_count", [1, 20])
def test_history_query_count(client, django_assert_num_queries, coordinator, item_count):
    _strategy, sections = _sections(item_count, coordinator)
    section = sections[0]
    for n in range(item_count - 1):
        services.section_save_revision(
            section=section, language="fr", title=section.title_fr, body=f"{BASE} {n}",
            author=UserFactory(), base=services.latest_revision(section, "fr"),
        )  # fmt: skip
    client.force_login(coordinator)

    # the section; user, roles (view_drafts, change_section); count; the page of
    # revisions with their authors; unread notifications
    with django_assert_num_queries(6):
        response = client.get(f"/fr/strategy/{section.slug}/history/?lang=fr")

    assert len(response.context["revisions"]) == item_count


@pytest.mark.parametrize("item_count", [1, 20])
def test_diff_query_count(client, django_assert_num_queries, coordinator, item_count):
    _strategy, sections = _sections(item_count, coordinator)
    section = sections[0]
    for n in range(item_count):
        services.section_save_revision(
            section=section, language="fr", title=section.title_fr, body=f"{BASE} {n}",
            author=coordinator, base=services.latest_revision(section, "fr"),
        )  # fmt: skip
    first, *_middle, last = Revision.objects.filter(section=section).order_by("number")
    client.force_login(coordinator)

    # the section; user, roles (view_drafts, change_section); both revisions with
    # their authors; unread notifications
    with django_assert_num_queries(5):
        response = client.get(f"/fr/strategy/{section.slug}/diff/?from={first.pk}&to={last.pk}")

    assert response.context["new"] == last


# --- Administration ------------------------------------------------------------------------


@pytest.mark.parametrize("model", ["strategy", "section", "revision", "comment", "amendment"])
def test_admin_lists_and_change_pages_open(client, administrator, coordinator, model):
    section = make_section(body=BASE, author=coordinator)
    services.comment_add(section=section, author=coordinator, body="Un commentaire.")
    services.amendment_propose(section=section, proposer=coordinator, body="B.", rationale="r")
    objects = {
        "strategy": section.strategy,
        "section": section,
        "revision": services.latest_revision(section, "fr"),
        "comment": section.comments.get(),
        "amendment": section.amendments.get(),
    }
    client.force_login(administrator)

    listing = client.get(reverse(f"admin:strategy_{model}_changelist"))
    change = client.get(reverse(f"admin:strategy_{model}_change", args=[objects[model].pk]))

    assert (listing.status_code, change.status_code) == (200, 200)


def test_admin_shows_revisions_but_never_changes_them(client, administrator, coordinator):
    section = make_section(body=BASE, author=coordinator)
    revision = services.latest_revision(section, "fr")
    client.force_login(administrator)
    url = reverse("admin:strategy_revision_change", args=[revision.pk])

    client.post(url, {"body": "Réécrit."})

    assert Revision.objects.get(pk=revision.pk).body == BASE
    assert client.get(reverse("admin:strategy_revision_add")).status_code == 403
