"""A preloaded server compiles the public templates and URL patterns once, before forking its workers."""

import gc
import logging
import runpy
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.db import connection
from django.template import engines

from evidence.operations.warmup import public_template_names, warm_up

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _unfreeze():
    yield
    gc.unfreeze()  # the test process goes on collecting as before


def template_cache():
    return engines["django"].engine.template_loaders[0]  # Django's cached loader, in front of the others


def test_public_templates_are_the_pages_a_visitor_gets():
    names = public_template_names()
    assert {"evidence/article_detail.html", "evidence/article_parts.html", "evidence/home.html", "404.html"} <= set(
        names
    )
    assert not any(name.startswith(("admin/", "registration/")) for name in names)


def test_warm_up_compiles_every_public_template_and_leaves_no_database_connection(transactional_db):
    template_cache().reset()
    connection.ensure_connection()

    compiled = warm_up()

    assert compiled == len(public_template_names())
    assert set(public_template_names()) <= set(template_cache().get_template_cache)
    if not (connection.vendor == "sqlite" and connection.is_in_memory_db()):  # Django keeps those open
        assert connection.connection is None  # no worker inherits the master's socket
    assert gc.get_freeze_count() > 0


def test_gunicorn_warms_up_before_forking_when_the_app_is_preloaded(caplog):
    config = runpy.run_path(str(ROOT / "config" / "gunicorn.conf.py"))
    assert config["preload_app"] is True
    log = logging.getLogger("gunicorn.test")

    with caplog.at_level(logging.INFO, logger="gunicorn.test"):
        config["when_ready"](SimpleNamespace(cfg=SimpleNamespace(preload_app=True), log=log))
        config["when_ready"](SimpleNamespace(cfg=SimpleNamespace(preload_app=False), log=log))

    assert [record.getMessage() for record in caplog.records] == [
        f"Compiled {len(public_template_names())} public templates before forking the workers"
    ]
