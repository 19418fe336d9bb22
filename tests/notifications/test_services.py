"""The outbox: exactly once, in the reader's language, surviving a broker outage."""

import smtplib
from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone, translation
from kombu.exceptions import OperationalError

from network.notifications import services, tasks
from network.notifications.enums import Channel, DeliveryStatus, Frequency
from network.notifications.models import Delivery, Notification, Preference
from tests.factories import NewsPostFactory, UserFactory

pytestmark = pytest.mark.django_db


def _notify(recipients, **kwargs):
    kwargs.setdefault("kind", "strategy.comment_reply")
    kwargs.setdefault("actor", UserFactory(display_name="Oumar"))
    if "target" not in kwargs:
        kwargs["target"] = NewsPostFactory(title_fr="Section 2")
    return services.notify(recipients=recipients, **kwargs)


def test_rolled_back_change_sends_nothing(django_capture_on_commit_callbacks):
    reader = UserFactory()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            _notify([reader])
            raise RuntimeError("the caller's change fails")

    assert callbacks == []
    assert Notification.objects.count() == 0
    assert mail.outbox == []


def test_committed_change_sends_once(django_capture_on_commit_callbacks):
    reader = UserFactory()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with transaction.atomic():
            _notify([reader])

    assert len(callbacks) == 1
    assert [m.to for m in mail.outbox] == [[reader.email]]
    assert Delivery.objects.get(channel=Channel.EMAIL).status == DeliveryStatus.SENT


def test_one_delivery_row_per_recipient_and_channel(django_capture_on_commit_callbacks):
    readers = UserFactory.create_batch(3)

    with django_capture_on_commit_callbacks(execute=False):
        _notify(readers + readers[:1])

    assert sorted(Delivery.objects.values_list("recipient_id", "channel")) == sorted(
        (r.pk, c) for r in readers for c in (Channel.EMAIL, Channel.INBOX)
    )


def test_delivery_run_twice_sends_one_email(django_capture_on_commit_callbacks):
    reader = UserFactory()
    with django_capture_on_commit_callbacks(execute=False):
        _notify([reader])
    delivery = Delivery.objects.get(channel=Channel.EMAIL)

    first = services.delivery_send_email(delivery_id=delivery.pk)
    second = services.delivery_send_email(delivery_id=delivery.pk)

    assert (first, second) == ("sent", "skipped")
    assert len(mail.outbox) == 1


def test_bambara_reader_gets_bambara_subject_whatever_the_worker_language(
    django_capture_on_commit_callbacks,
):
    reader = UserFactory(preferred_language="bm")
    with django_capture_on_commit_callbacks(execute=False):
        notification = _notify([reader], target=NewsPostFactory(title_fr="Section 2", slug="s-2"))
    with translation.override("bm"):
        expected = translation.gettext("%(actor)s replied to your comment on %(target)s.") % {
            "actor": "Oumar",
            "target": "Section 2",
        }

    with translation.override("en"):  # the worker's own language
        tasks.deliver_notification(notification_id=notification.pk)

    (email,) = mail.outbox
    assert expected != "Oumar replied to your comment on Section 2."
    assert email.subject == expected
    assert "http://127.0.0.1:8000/bm/news/s-2/" in email.body
    assert "http://127.0.0.1:8000/bm/notifications/preferences/" in email.body


def test_email_says_why_it_was_sent_and_has_html_and_unsubscribe(
    django_capture_on_commit_callbacks,
):
    reader = UserFactory(preferred_language="en")

    with django_capture_on_commit_callbacks(execute=True):
        _notify([reader])

    (email,) = mail.outbox
    assert (
        "You receive this email because your notification preferences send you "
        "“Replies to your comments” immediately." in email.body
    )
    html, mimetype = email.alternatives[0]
    assert mimetype == "text/html"
    assert '<html lang="en">' in html
    assert email.extra_headers["List-Unsubscribe"].startswith(
        "<http://127.0.0.1:8000/en/notifications/unsubscribe/"
    )
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_translated_content_reaches_each_reader_in_their_language(
    django_capture_on_commit_callbacks,
):
    french, bambara = UserFactory(preferred_language="fr"), UserFactory(preferred_language="bm")

    with django_capture_on_commit_callbacks(execute=True):
        _notify(
            [french, bambara],
            data={"target": {"fr": "Dialogue à Mopti", "bm": "Baro Mopti"}},
        )

    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert "Dialogue à Mopti" in subjects[french.email]
    assert "Baro Mopti" in subjects[bambara.email]


def test_broker_down_change_saves_delivery_stays_pending_then_periodic_task_sends_once(
    django_capture_on_commit_callbacks,
):
    reader = UserFactory()
    broker_down = OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    with mock.patch.object(tasks.deliver_notification, "delay", side_effect=broker_down):
        with django_capture_on_commit_callbacks(execute=True):
            with transaction.atomic():
                notification = _notify([reader])

    delivery = Delivery.objects.get(notification=notification, channel=Channel.EMAIL)
    assert delivery.status == DeliveryStatus.PENDING
    assert mail.outbox == []

    tasks.retry_due()  # too early: the queue may still deliver it
    assert mail.outbox == []

    Delivery.objects.filter(pk=delivery.pk).update(
        created_at=timezone.now() - services.STALE_AFTER - timedelta(seconds=1)
    )
    tasks.retry_due()
    tasks.retry_due()

    assert len(mail.outbox) == 1
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT


def test_transient_smtp_failure_retries_with_backoff_then_sends(
    django_capture_on_commit_callbacks,
):
    reader = UserFactory()
    with django_capture_on_commit_callbacks(execute=False):
        _notify([reader])
    delivery = Delivery.objects.get(channel=Channel.EMAIL)
    busy = smtplib.SMTPDataError(451, b"Try again later")

    with mock.patch("django.core.mail.EmailMessage.send", side_effect=busy):
        outcome = services.delivery_send_email(delivery_id=delivery.pk)
    delivery.refresh_from_db()

    assert outcome == "retry"
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.PENDING, 1)
    assert delivery.last_error == "SMTPDataError: (451, b'Try again later')"
    assert services.deliveries_retry_due() == {}
    assert services.deliveries_retry_due(now=delivery.next_attempt_at) == {"sent": 1}
    assert len(mail.outbox) == 1


def test_transient_failures_stop_after_the_maximum(django_capture_on_commit_callbacks):
    reader = UserFactory()
    with django_capture_on_commit_callbacks(execute=False):
        _notify([reader])
    delivery = Delivery.objects.get(channel=Channel.EMAIL)

    with mock.patch("django.core.mail.EmailMessage.send", side_effect=ConnectionResetError()):
        outcomes = [
            services.delivery_send_email(delivery_id=delivery.pk)
            for _ in range(services.MAX_ATTEMPTS + 1)
        ]

    assert outcomes == ["retry"] * (services.MAX_ATTEMPTS - 1) + ["failed", "skipped"]


def test_permanent_smtp_failure_is_marked_failed_with_reason(django_capture_on_commit_callbacks):
    reader = UserFactory()
    with django_capture_on_commit_callbacks(execute=False):
        _notify([reader])
    delivery = Delivery.objects.get(channel=Channel.EMAIL)
    refused = smtplib.SMTPRecipientsRefused({reader.email: (550, b"No such user")})

    with mock.patch("django.core.mail.EmailMessage.send", side_effect=refused):
        outcome = services.delivery_send_email(delivery_id=delivery.pk)
    delivery.refresh_from_db()

    assert outcome == "failed"
    assert delivery.status == DeliveryStatus.FAILED
    assert "No such user" in delivery.last_error


def test_preference_off_writes_nothing_for_that_reader(django_capture_on_commit_callbacks):
    quiet, reader = UserFactory(), UserFactory()
    Preference.objects.create(user=quiet, kind="strategy.comment_reply", frequency=Frequency.OFF)

    with django_capture_on_commit_callbacks(execute=True):
        _notify([quiet, reader])

    assert set(Delivery.objects.values_list("recipient_id", flat=True)) == {reader.pk}
    assert [m.to for m in mail.outbox] == [[reader.email]]


def test_actor_is_not_told_about_their_own_action(django_capture_on_commit_callbacks):
    actor = UserFactory()

    with django_capture_on_commit_callbacks(execute=True):
        result = _notify([actor], actor=actor)

    assert result is None
    assert Notification.objects.count() == 0


def test_digest_groups_waiting_notifications_in_one_email(django_capture_on_commit_callbacks):
    reader = UserFactory(preferred_language="en")
    Preference.objects.create(user=reader, kind="strategy.comment_reply", frequency="daily")
    with django_capture_on_commit_callbacks(execute=True):
        _notify([reader], data={"target": "Section 1"})
        _notify([reader], data={"target": "Section 2"})
    assert mail.outbox == []

    first = services.digest_send(frequency="daily")
    second = services.digest_send(frequency="daily")

    (email,) = mail.outbox
    assert (first, second) == (1, 0)
    assert email.subject == "Your daily digest: 2 notifications"
    assert "Oumar replied to your comment on Section 1." in email.body
    assert "Oumar replied to your comment on Section 2." in email.body
    assert "because your notification preferences ask for a daily digest" in email.body


def test_digest_with_nothing_to_say_sends_nothing():
    UserFactory.create_batch(2)

    sent = services.digest_send(frequency="weekly")

    assert (sent, mail.outbox) == (0, [])


@pytest.mark.parametrize("item_count", [1, 20])
def test_fan_out_writes_in_bulk(django_assert_num_queries, item_count):
    readers = UserFactory.create_batch(item_count)
    actor = UserFactory()
    post = NewsPostFactory()

    # preferences, notification insert, deliveries bulk insert (content type is cached)
    with django_assert_num_queries(3):
        services.notify(kind="strategy.comment_reply", recipients=readers, actor=actor, target=post)

    assert Delivery.objects.count() == 2 * item_count


def test_unsubscribe_token_cannot_be_forged_for_another_user():
    alice, bob = UserFactory(), UserFactory()
    token = services.unsubscribe_token(user=alice, kind="news.published")
    payload, signature = token.rsplit(":", 1)

    from django.core import signing

    forged = signing.dumps([bob.pk, "news.published"], salt="another-salt", compress=True)
    with pytest.raises(signing.BadSignature):
        services.unsubscribe(token=forged)
    with pytest.raises(signing.BadSignature):
        services.unsubscribe(token=f"{payload}:{signature[:-2]}xx")
    assert Preference.objects.filter(user=bob).count() == 0
