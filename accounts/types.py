"""Type names for the people code acts for or answers, shared by every app's annotations."""

from django.contrib.auth.models import AnonymousUser

from .models import User

# Whoever asks: a signed-in person or a visitor (what request.user is, and what rules see).
Viewer = User | AnonymousUser
