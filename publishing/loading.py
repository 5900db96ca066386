"""Loading content from the data files in the repository, idempotently.

Each app that ships content has a `content` module (found by autodiscover_modules) with a
function decorated `@content_loader`; it reads the app's data files and hands every record to
the Importer (publishing.importing). Apps load in the order of INSTALLED_APPS.
"""

import json
from pathlib import Path

from django.utils.module_loading import autodiscover_modules

_loaders = []


def content_loader(function):
    """Register a function(importer) that writes an app's content."""
    if function not in _loaders:
        _loaders.append(function)
    return function


def loaders():
    """Every app's content loader, in the order of INSTALLED_APPS."""
    autodiscover_modules("content")
    return list(_loaders)


def read_json(path: Path):
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)


def translated(name, texts):
    """{"fi": ..., "sv": ...} of a data file as record fields: name_fi, name_sv, ..."""
    return {f"{name}_{code}": text for code, text in texts.items()}
