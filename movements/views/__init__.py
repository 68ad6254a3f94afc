"""Thin views: check, validate, call a service, redirect. Split by feature."""
