"""View mixins shared by the apps: checking a permission, on the object of the URL or not."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.views import redirect_to_login
from django.http import Http404


class ObjectPermissionMixin:
    """Load the URL's object and check ``permission`` on it before anything else.

    Subclasses set ``permission``, ``object_attribute`` (the attribute and
    context name, e.g. ``"event"``) and implement ``load_object(**kwargs)``
    (``None`` when missing). A visitor is sent to log in; a logged-in user
    who may not see the object gets 404, as if it did not exist (DESIGN.md).
    """

    permission = ""
    object_attribute = "object"
    #: Send a visitor to log in (``False``: 404 for everyone who may not see it).
    login_for_visitors = True

    def load_object(self, **kwargs):
        raise NotImplementedError

    def get_permissions(self) -> tuple[str, ...]:
        """Every permission the user needs on the object (all must hold)."""
        return (self.permission,) if self.permission else ()

    def dispatch(self, request, *args, **kwargs):
        obj = self.load_object(**kwargs)
        if obj is None or not all(request.user.has_perm(p, obj) for p in self.get_permissions()):
            if self.login_for_visitors and not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            raise Http404
        setattr(self, self.object_attribute, obj)
        if not self.check_object():
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def check_object(self) -> bool:
        """A further condition on the loaded object (state, dates); ``False`` answers 404."""
        return True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context[self.object_attribute] = getattr(self, self.object_attribute)
        return context


class PermissionRequiredMixin(LoginRequiredMixin):
    """Check a permission that needs no object (``permission``) before anything else.

    A visitor is sent to log in; a logged-in user without the permission gets
    404, as ``ObjectPermissionMixin`` does (DESIGN.md: a page one may not see
    does not exist for them).
    """

    permission = ""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.has_perm(self.permission):
            raise Http404
        return super().dispatch(request, *args, **kwargs)
