"""WSGI entry point, used by gunicorn (see gunicorn.conf.py).

Cached pages are answered by `CachedPagesApplication` before Django's request handling: a cache hit costs
one cache read (see mesoinfo/pagecache/cache.py).
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mesoinfo.settings")

django_application = get_wsgi_application()

from mesoinfo.pagecache.cache import CachedPagesApplication  # noqa: E402 (needs the settings and apps set up above)

application = CachedPagesApplication(django_application)
