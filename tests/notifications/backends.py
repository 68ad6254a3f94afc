"""A stand-in for a mail server that refuses: a test double of the transport, not of our code."""

import smtplib

from django.core.mail.backends.locmem import EmailBackend as LocmemBackend


class RefusingEmailBackend(LocmemBackend):
    """Raises the configured error for the next `failures` sends, then delivers to the outbox."""

    failures = 0
    error: Exception = smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
    calls = 0

    def send_messages(self, messages):
        type(self).calls += 1
        if type(self).failures > 0:
            type(self).failures -= 1
            raise type(self).error
        return super().send_messages(messages)
