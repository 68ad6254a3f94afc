"""Message storage that never stacks success banners.

One step of a person's journey often runs several pieces of code that each report success:
confirming an email address also signs the person in (allauth says "You have confirmed …" and
then "You are signed in."), and turning on two-factor authentication also makes recovery codes.
Each says "Success" in its own green banner, so the page shows two or three, saying one thing.

The rule, for every message added by allauth or by our own views:

- within one request, the first success message stands and later ones are left out: the first
  names what the person did, the later ones are its consequences;
- a success message still waiting from an earlier request (its page never showed messages) gives
  way to the new one, which describes where the person is now;
- a message identical to one already waiting is not added twice.

Warnings and errors are never dropped.
"""

from django.contrib.messages import constants
from django.contrib.messages.storage.fallback import FallbackStorage


class OneSuccessStorage(FallbackStorage):
    def add(self, level, message, extra_tags=""):
        if not message or int(level) < self.level:
            return super().add(level, message, extra_tags)
        waiting = self._queued_messages + ([] if self.used else list(self._loaded_messages))
        if any(m.level == int(level) and str(m.message) == str(message) for m in waiting):
            return None
        if int(level) == constants.SUCCESS:
            if any(m.level == constants.SUCCESS for m in self._queued_messages):
                return None
            if not self.used and any(m.level == constants.SUCCESS for m in self._loaded_messages):
                self._loaded_data = [m for m in self._loaded_messages if m.level != constants.SUCCESS]
                self.added_new = True
        return super().add(level, message, extra_tags)
