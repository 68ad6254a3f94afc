"""The image's HEALTHCHECK and the compose web service's healthcheck, run as written against a
live server: they pass when /health/ says ok and fail when it says unavailable, with no token."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from core import health

ROOT = Path(__file__).resolve().parents[2]
WRITTEN_FOR = "http://127.0.0.1:8000"


def dockerfile_check() -> str:
    text = (ROOT / "Dockerfile").read_text().replace("\\\n", " ")
    line = next(line for line in text.splitlines() if line.startswith("HEALTHCHECK"))
    command = json.loads(line[line.index(" CMD ") + len(" CMD ") :])
    assert command[:2] == ["python", "-c"]
    return command[2]


def compose_web_check() -> str:
    text = (ROOT / "docker-compose.yml").read_text()
    web = text[text.index("\n  web:") : text.index("\n  worker:")]
    command = re.search(r'- -c\n\s+- "(.+)"\n', web)
    assert command is not None, web
    return command.group(1)


CHECKS = {"Dockerfile": dockerfile_check, "docker-compose web": compose_web_check}


def run(code: str, url: str) -> int:
    assert WRITTEN_FOR in code
    env = {**os.environ, "DJANGO_ALLOWED_HOSTS": "localhost,127.0.0.1"}
    result = subprocess.run(
        [sys.executable, "-c", code.replace(WRITTEN_FOR, url)], env=env, capture_output=True, timeout=30, check=False
    )
    return result.returncode


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("name", CHECKS)
def test_the_container_healthcheck_passes_when_ready(live_server, name):
    assert run(CHECKS[name](), live_server.url) == 0


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("name", CHECKS)
def test_the_container_healthcheck_fails_when_a_dependency_is_down(live_server, monkeypatch, name):
    monkeypatch.setitem(health.CHECKS, "database", lambda: (False, "OperationalError: gone"))
    assert run(CHECKS[name](), live_server.url) != 0
