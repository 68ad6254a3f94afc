from django.utils.functional import cached_property

from .selectors import unread_count


class UnreadNotifications:
    """Counted only when a template asks, and at most once a request."""

    def __init__(self, user):
        self._user = user

    @cached_property
    def count(self) -> int:
        return unread_count(user=self._user)

    def __bool__(self):
        return self.count > 0

    def __str__(self):
        return str(self.count)


def unread(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": UnreadNotifications(user)}
