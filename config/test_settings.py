"""Settings for the test suite: the base settings with fast, isolated services."""

import os
import tempfile

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key-not-for-production-0123456789")

from config.settings import *  # noqa: F403

INSTALLED_APPS = [*INSTALLED_APPS, "bench"]  # noqa: F405  (the benchmark seeder, seed_bench)

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
# Tasks run inside the request that queued them; tests/tasks/ switch to the database backend and a real worker.
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
EVIDENCE_SHARED_CACHE = False
SECURE_SSL_REDIRECT = False
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
EVIDENCE_API_BASE_URL = "http://testserver"  # the test client's host, as a deployment sets its public address
# Uploaded files and the health check's probe file go to a folder of this run, never the project's media/.
MEDIA_ROOT = os.environ.get("DJANGO_MEDIA_ROOT") or tempfile.mkdtemp(prefix="evidence-desk-media-")
