"""agreement pages (see docs/agreements.md)."""

urlpatterns: list = []
