"""The public register of agreements at /agreements/ (see docs/agreements.md)."""

urlpatterns: list = []
