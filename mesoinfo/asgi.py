"""ASGI entry point, for an ASGI server. The site is deployed with gunicorn's WSGI workers (mesoinfo/wsgi.py)."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mesoinfo.settings")

application = get_asgi_application()
