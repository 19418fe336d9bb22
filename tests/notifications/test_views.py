"""Inbox, preferences and unsubscribe pages."""

import pytest
from django.core import mail

from network.notifications import services
from network.notifications.enums import Channel
from network.notifications.models import Delivery, Preference
from tests.factories import NewsPostFactory, UserFactory

pytestmark = pytest.mark.django_db


def _tell(reader, count=1, **data):
    actor = UserFactory(display_name="Oumar")
    for _ in range(count):
        services.notify(
            kind="strategy.comment_reply",
            recipients=[reader],
            actor=actor,
            target=NewsPostFactory(title_fr="Section 2"),
            data=data,
        )


@pytest.mark.parametrize("item_count", [1, 20])
def test_inbox_lists_newest_first_with_exact_queries(client, django_assert_num_queries, item_count):
    reader = UserFactory(preferred_language="en")
    _tell(reader, item_count)
    client.force_login(reader)

    # user, unread count (header), paginator count, page of deliveries
    with django_assert_num_queries(4):
        response = client.get("/en/notifications/")

    ids = [item["delivery"].pk for item in response.context["items"]]
    assert ids == sorted(ids, reverse=True)
    assert len(ids) == min(item_count, 20)


def test_inbox_marks_unread_and_header_shows_count(client):
    reader = UserFactory(preferred_language="en")
    _tell(reader, 2)
    client.force_login(reader)

    content = client.get("/en/notifications/").content.decode()

    assert content.count('<li class="unread">') == 2
    assert 'Notifications <span class="count">(2<span class="vh"> unread</span>)</span>' in content


def test_mark_one_then_all_read(client):
    reader = UserFactory()
    _tell(reader, 3)
    client.force_login(reader)
    first = Delivery.objects.filter(recipient=reader, channel=Channel.INBOX).first()

    client.post(f"/fr/notifications/{first.pk}/read/")
    one = Delivery.objects.filter(recipient=reader, channel=Channel.INBOX, read_at__isnull=True)
    assert one.count() == 2

    response = client.post("/fr/notifications/read/")

    assert response["Location"] == "/fr/notifications/"
    assert one.count() == 0


def test_cannot_mark_someone_elses_notification(client):
    owner, other = UserFactory(), UserFactory()
    _tell(owner)
    delivery = Delivery.objects.get(recipient=owner, channel=Channel.INBOX)
    client.force_login(other)

    response = client.post(f"/fr/notifications/{delivery.pk}/read/")

    delivery.refresh_from_db()
    assert response.status_code == 404
    assert delivery.read_at is None


def test_empty_inbox_says_so(client, user):
    client.force_login(user)

    content = client.get("/en/notifications/").content.decode()

    assert "You have no notifications yet." in content


def test_preferences_are_saved_per_kind(client, user):
    client.force_login(user)
    page = client.get("/en/notifications/preferences/")
    data = {name: field.initial for name, field in page.context["form"].fields.items()}
    data["news.published"] = "off"
    data["strategy.comment_reply"] = "weekly"

    response = client.post("/en/notifications/preferences/", data)

    assert response["Location"] == "/en/notifications/preferences/"
    assert dict(Preference.objects.filter(user=user).values_list("kind", "frequency")) == data


def test_preferences_refuse_an_unknown_frequency_and_keep_the_rest(client, user):
    client.force_login(user)

    response = client.post(
        "/en/notifications/preferences/",
        {"news.published": "hourly", "strategy.comment_reply": "weekly"},
    )

    assert response.status_code == 200
    assert response.context["form"]["strategy.comment_reply"].value() == "weekly"
    assert Preference.objects.count() == 0


def test_unsubscribe_link_works_without_login(client):
    reader = UserFactory(preferred_language="en")
    token = services.unsubscribe_token(user=reader, kind="news.published")

    page = client.get(f"/en/notifications/unsubscribe/{token}/")
    done = client.post(f"/en/notifications/unsubscribe/{token}/")

    assert page.status_code == 200
    assert Preference.objects.get(user=reader, kind="news.published").frequency == "off"
    assert "You will no longer receive “News of the network” notifications." in (
        done.content.decode()
    )


def test_unsubscribe_get_alone_changes_nothing(client, user):
    token = services.unsubscribe_token(user=user, kind="news.published")

    client.get(f"/fr/notifications/unsubscribe/{token}/")

    assert Preference.objects.count() == 0


def test_forged_unsubscribe_token_answers_404(client):
    victim = UserFactory()
    mine = services.unsubscribe_token(user=UserFactory(), kind="news.published")
    payload, signature = mine.split(":", 1)
    forged = f"{payload[:-1]}A:{signature}"

    response = client.post(f"/fr/notifications/unsubscribe/{forged}/")

    assert response.status_code == 404
    assert Preference.objects.filter(user=victim).count() == 0


def test_unsubscribe_link_from_a_real_email_turns_the_kind_off(
    client, django_capture_on_commit_callbacks
):
    reader = UserFactory(preferred_language="en")
    with django_capture_on_commit_callbacks(execute=True):
        _tell(reader)
    url = mail.outbox[0].extra_headers["List-Unsubscribe"].strip("<>")

    client.post(url.replace("http://127.0.0.1:8000", ""))

    assert Preference.objects.get(user=reader).frequency == "off"


def test_inbox_requires_login(client):
    response = client.get("/fr/notifications/")

    assert response["Location"] == "/fr/accounts/login/?next=/fr/notifications/"


def test_publishing_news_tells_every_other_active_user(client, coordinator):
    readers = UserFactory.create_batch(2)
    UserFactory(is_active=False)
    client.force_login(coordinator)

    client.post(
        "/fr/news/new/",
        {"title_fr": "Atelier", "body_fr": "Texte", "published_on": "05/03/2014",
         "status": "published"},
    )  # fmt: skip

    inbox = Delivery.objects.filter(channel=Channel.INBOX)
    assert sorted(inbox.values_list("recipient_id", flat=True)) == sorted(r.pk for r in readers)
    assert mail.outbox == []  # news goes to the weekly digest by default


def test_inbox_links_point_to_the_page_in_the_readers_language(client):
    reader = UserFactory()
    services.notify(
        kind="strategy.comment_reply",
        recipients=[reader],
        actor=UserFactory(),
        target=NewsPostFactory(slug="atelier"),
    )
    client.force_login(reader)

    content = client.get("/bm/notifications/").content.decode()

    assert 'href="/bm/news/atelier/"' in content
