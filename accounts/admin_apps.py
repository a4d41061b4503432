from accounts.apps import EvidenceAdminConfig  # noqa: F401  (INSTALLED_APPS' old path, until it names accounts.apps)
