"""Every route of the portal, each one named so that the language switcher
(``django.urls.translate_url``) can bring the reader back to the same page.

Pages live under a language prefix (``/fr/``, ``/en/``, ``/bm/``); the
language switcher, the admin and static files do not.
"""

from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from network.accounts.views import set_language

# The admin logs in through allauth: same rate limits, same two-factor step.
admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = _("Human security network, Mali: administration")
admin.site.site_title = _("Human security network, Mali")
admin.site.index_title = _("Administration")

urlpatterns = [
    path("i18n/setlang/", set_language, name="set_language"),
    path("admin/", admin.site.urls),
]

urlpatterns += i18n_patterns(
    path("", include("network.pages.urls")),
    path("accounts/", include("allauth.urls")),
    path("accounts/", include("network.accounts.urls")),
    path("notifications/", include("network.notifications.urls")),
    path("members/", include("members.urls")),
    path("dialogues/", include("dialogues.urls")),
    path("strategy/", include("strategy.urls")),
    path("progress/", include("network.progress.urls")),
    prefix_default_language=True,
)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler400 = "network.pages.views.bad_request"
handler403 = "network.pages.views.permission_denied"
handler404 = "network.pages.views.page_not_found"
handler500 = "network.pages.views.server_error"
handler429 = "network.pages.views.too_many_requests"
