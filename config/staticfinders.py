"""Browser libraries installed by npm (`package.json`, `npm ci --omit=dev`), served as our static files.

Only the files named in `settings.NODE_STATIC_FILES` are served, under the names given there, so that
`collectstatic`, the manifest's hashed names and WhiteNoise treat them as the project's own files while
nothing from `node_modules/` is copied into the repository. Without `node_modules/` the site still runs:
`manage.py check` warns, and pages that can do without a library leave it out (the scanner:
`checkin.views.optional_static`).
"""

from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles.finders import BaseFinder
from django.core.checks import Warning
from django.core.files.storage import FileSystemStorage


def _sources() -> dict[str, Path]:
    root = Path(settings.NODE_MODULES_DIR)
    return {name: root / source for name, source in settings.NODE_STATIC_FILES.items()}


class NodeModulesFinder(BaseFinder):
    def check(self, **kwargs):
        return [
            Warning(
                f"{source} is missing, so the static file {name} cannot be served.",
                hint="Install the browser libraries of package.json with `npm ci --omit=dev`. Until then the "
                "door scanner decodes the camera only with the browser's BarcodeDetector or, online, on "
                "the server.",
                id="config.W001",
            )
            for name, source in _sources().items()
            if not source.is_file()
        ]

    def find(self, path, find_all=False, **kwargs):
        find_all = self._check_deprecated_find_param(find_all=find_all, **kwargs)
        source = _sources().get(path)
        if source is None or not source.is_file():
            return []  # what Django's own finders answer for "not here", whatever find_all says
        return [str(source)] if find_all else str(source)

    def list(self, ignore_patterns):
        for name, source in _sources().items():
            if source.is_file():
                storage = FileSystemStorage(location=str(source.parent))
                storage.prefix = str(Path(name).parent)
                yield source.name, storage
