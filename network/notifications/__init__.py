"""Notifications: outbox, email and in-app delivery, preferences and digests.

Other apps call :func:`network.notifications.services.notify` inside their
own transaction; nothing else of this app needs to be known to them.
"""
