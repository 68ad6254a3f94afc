"""View decorators shared by every app."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.http import QueryDict

KEPT_POST = "kept_post"
# What a long form holds, with room to spare; a session is no place for uploads or megabytes.
KEPT_POST_LIMIT = 64 * 1024


def login_required_keeping_post(view):
    """`login_required` that loses nothing typed when the person's session has ended.

    A POST from someone no longer signed in is kept in their (new, anonymous) session before they
    are sent to sign in; signing in keeps session data, so when they come back to the same page it
    is offered to the view as `request.kept_post`, for the form to show again to check and send.
    Only the same page gets it back, once; the CSRF token is never kept.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            if request.method == "POST":
                data = {key: request.POST.getlist(key) for key in request.POST if key != "csrfmiddlewaretoken"}
                if sum(len(v) for values in data.values() for v in values) <= KEPT_POST_LIMIT:
                    request.session[KEPT_POST] = {"path": request.path, "data": data}
            return redirect_to_login(request.get_full_path())
        request.kept_post = None
        kept = request.session.get(KEPT_POST)
        if kept and request.method == "GET" and kept.get("path") == request.path:
            del request.session[KEPT_POST]
            request.kept_post = QueryDict(mutable=True)
            for key, values in kept["data"].items():
                request.kept_post.setlist(key, values)
        return view(request, *args, **kwargs)

    return wrapper
