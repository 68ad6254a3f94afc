"""Celery tasks for engagements. They call services; each is safe to run twice."""

from celery import shared_task

from .services.accountability_reminders import accountability_reminders_send
from .services.reminders import deadline_reminders_send


@shared_task(name="engagements.deadline_reminders_send", ignore_result=True)
def deadline_reminders_task() -> int:
    return deadline_reminders_send()


@shared_task(name="engagements.accountability_reminders_send", ignore_result=True)
def accountability_reminders_task() -> int:
    return accountability_reminders_send()
