"""The public register, mounted at /agreements/ (DESIGN §5). Its views live in engagements/views/register.py."""

from .views import register

app_name = "agreements"

urlpatterns = register.urlpatterns
