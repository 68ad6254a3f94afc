"""Turn a delivery or a notification into words, from the kind's template triplet."""

import re
from functools import lru_cache

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template import Context, Engine
from django.template.loader import render_to_string
from django.urls import reverse

from .registry import CATEGORIES, SECURITY
from .unsubscribe_links import unsubscribe_token

DIGEST_KIND = "notifications.digest"


@lru_cache(maxsize=1)
def text_engine() -> Engine:
    """The project's templates without HTML escaping, for plain-text emails and one-liners."""
    options = settings.TEMPLATES[0].get("OPTIONS", {})
    return Engine(
        dirs=[str(d) for d in settings.TEMPLATES[0].get("DIRS", [])],
        app_dirs=True,
        autoescape=False,
        builtins=options.get("builtins", []),
        libraries=options.get("libraries", {}),
    )


def render_text(template_name: str, context: dict) -> str:
    return text_engine().get_template(template_name).render(Context(context, autoescape=False))


def absolute_url(path: str) -> str:
    if not path:
        return settings.SITE_URL + "/"
    if path.startswith(("http://", "https://")):
        return path
    return settings.SITE_URL + path


def one_line(text: str) -> str:
    return " ".join(text.split())


def notification_text(notification) -> str:
    """The one line shown in the notification centre."""
    context = {
        **(notification.context or {}),
        "recipient": notification.recipient,
        "actor": notification.actor,
        "url": absolute_url(notification.url),
        "site_name": settings.SITE_NAME,
    }
    return one_line(render_text(f"notifications/kinds/{notification.kind}/inapp.txt", context))


def unsubscribe_scope(delivery) -> str | None:
    """What an unsubscribe link in this email switches off, or None for no link."""
    if delivery.recipient_id is None:
        return None
    if delivery.kind == DIGEST_KIND:
        return f"digest:{delivery.context.get('frequency', 'daily')}"
    if delivery.category and delivery.category != SECURITY:
        return delivery.category
    return None


def delivery_message(delivery) -> EmailMultiAlternatives:
    """The email for a delivery: subject, text and HTML bodies, and unsubscribe headers."""
    scope = unsubscribe_scope(delivery)
    unsubscribe_url = ""
    if scope:
        token = unsubscribe_token(user_id=delivery.recipient_id, scope=scope)
        unsubscribe_url = absolute_url(reverse("notifications:unsubscribe", args=[token]))
    context = {
        **(delivery.context or {}),
        "recipient": delivery.recipient,
        "actor": delivery.actor,
        "url": absolute_url(delivery.url),
        "site_name": settings.SITE_NAME,
        "site_url": settings.SITE_URL,
        "category_label": CATEGORIES.get(delivery.category, ""),
        "unsubscribe_url": unsubscribe_url,
        "preferences_url": absolute_url(reverse("notifications:preferences")) if delivery.recipient_id else "",
    }
    folder = f"notifications/kinds/{delivery.kind}"
    # The heading says what happened; the subject line adds the site's prefix, as every email's does.
    subject = one_line(render_text(f"{folder}/subject.txt", context))
    # Template tags leave blank lines behind; keep at most one between paragraphs.
    text_body = re.sub(r"\n[ \t]*(\n[ \t]*)+\n", "\n\n", render_text(f"{folder}/body.txt", context)).strip() + "\n"
    html_body = render_to_string(f"{folder}/body.html", {**context, "subject": subject})
    headers = {"Auto-Submitted": "auto-generated", "X-Auto-Response-Suppress": "All"}
    if unsubscribe_url:
        headers["List-Unsubscribe"] = f"<{unsubscribe_url}>"
        # RFC 8058: mail clients may POST "List-Unsubscribe=One-Click" to the link.
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message = EmailMultiAlternatives(
        subject=settings.EMAIL_SUBJECT_PREFIX + subject, body=text_body, to=[delivery.to_email], headers=headers
    )
    message.attach_alternative(html_body, "text/html")
    return message
