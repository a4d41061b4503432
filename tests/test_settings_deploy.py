"""The production settings pass Django's deployment checks when configured only through the environment."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parent.parent


def check_deploy(**overrides):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "EMAIL_"))}
    env |= {
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_DEBUG": "False",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64)[:50],
        "DJANGO_ALLOWED_HOSTS": "example.org",
        "EMAIL_URL": "smtp+tls://mailer:secret@smtp.example.org:587",
    }
    env |= overrides
    env = {k: v for k, v in env.items() if v is not None}
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.slow
def test_production_settings_pass_the_deploy_check():
    result = check_deploy()

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.slow
def test_production_without_a_secret_key_refuses_to_start():
    result = check_deploy(DJANGO_SECRET_KEY=None)

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


@pytest.mark.slow
def test_production_without_a_real_mail_server_fails_the_deploy_check():
    result = check_deploy(EMAIL_URL=None)

    assert result.returncode != 0
    assert "mail.E001" in result.stderr
