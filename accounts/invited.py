"""Someone invited by email who has no account yet: the address and the page to come back to.

An app that invites people (movements' organiser invitations) calls `invited_signup_remember`
when a signed-out person opens a valid invitation link. The sign-up page then fills in the
invited address and, once the account exists, sends the person back to the invitation. Both
come from the invitation itself, kept in the session; nothing in a link's query string is
trusted for either. The address still has to be confirmed from the email we send, as every
address does: a forwarded invitation link proves nothing about who holds the mailbox.
"""

from django.utils.http import url_has_allowed_host_and_scheme

SESSION_KEY = "accounts_invited_signup"


def invited_signup_remember(request, *, email: str, return_to: str) -> None:
    request.session[SESSION_KEY] = {"email": email, "return_to": return_to}


def invited_signup_forget(request) -> None:
    request.session.pop(SESSION_KEY, None)


def invited_signup(request) -> dict | None:
    """{"email", "return_to"} of the invitation this browser opened last, if any."""
    value = request.session.get(SESSION_KEY)
    if not isinstance(value, dict) or not value.get("email"):
        return None
    return_to = value.get("return_to") or ""
    if not url_has_allowed_host_and_scheme(return_to, allowed_hosts=None):
        return_to = ""
    return {"email": str(value["email"]), "return_to": return_to}
