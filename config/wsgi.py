import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
application = get_wsgi_application()

from config.background import start_background_tasks  # noqa: E402

start_background_tasks()  # on the embedded default, this process's task thread (it runs the beat schedule)
