import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
application = get_wsgi_application()
# What start-up loaded (Django, Wagtail, the apps) lives as long as the worker: kept out of the
# garbage collector's full passes, which otherwise stop a request for 40-250 ms now and then
# (docs/benchmarks.md, "Elasticsearch queries at 100k"). With gunicorn's --preload the workers
# also share these pages with the master instead of copying them when the collector touches them.
gc.freeze()
