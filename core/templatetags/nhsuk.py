"""Template helpers for NHS.UK markup and safe rendering of user text."""

from django import template

register = template.Library()
