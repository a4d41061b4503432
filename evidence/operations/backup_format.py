"""The backup file format: Django's JSON fixtures, but with times kept to the microsecond.

Django's JSON encoder cuts times to milliseconds (for JavaScript's sake), which
would change every timestamp in a restored library and could reorder revisions
saved within the same millisecond. Registered as the "backup" serialisation
format (settings.SERIALIZATION_MODULES), so dumpdata and loaddata use it for
files named *.backup.gz.
"""

import datetime

from django.core.serializers import json as django_json


class ExactJSONEncoder(django_json.DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()  # full precision; loaddata parses it back exactly
        return super().default(o)


class Serializer(django_json.Serializer):
    def _init_options(self):
        super()._init_options()
        self.json_kwargs["cls"] = ExactJSONEncoder


Deserializer = django_json.Deserializer
