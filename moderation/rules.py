"""Who may use the moderators' pages. Each queue names its own permission in its app's rules.py."""

import rules

from accounts.rules import is_platform_staff

# The hub lists every queue; it exists only for platform staff (moderators and superusers).
rules.add_perm("moderation.view_hub", is_platform_staff)
