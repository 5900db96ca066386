"""Loading content from the data files in the repository, idempotently.

Each app has a `content` module with a `load(loader)` function that calls
`loader.upsert(...)` for every item of its data files. An item that exists already
(found by its key) is left as it is, so an editor's change survives, unless the
loader runs with `update=True`.
"""

import json
from collections import Counter
from pathlib import Path


def read_json(path: Path):
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)


class ContentLoader:
    def __init__(self, *, update=False):
        self.update = update
        self.counts = Counter()

    def upsert(self, model, key, values):
        """Create the item with this key, or (when updating) bring it in line with the data.

        Returns the item. `values` maps field names (translated fields with their language
        suffix, e.g. name_fi) to values; foreign keys are given as model instances.
        """
        label = model._meta.label
        item = model.objects.filter(key=key).first()
        if item is None:
            item = model(key=key, **values)
            item.full_clean()
            item.save()
            self.counts[(label, "created")] += 1
            return item
        if not self.update:
            self.counts[(label, "kept")] += 1
            return item
        changed = [name for name, value in values.items() if getattr(item, name) != value]
        if changed:
            for name in changed:
                setattr(item, name, values[name])
            item.full_clean()
            item.save()
            self.counts[(label, "updated")] += 1
        else:
            self.counts[(label, "unchanged")] += 1
        return item

    def summary(self):
        return [f"{label}: {count} {what}" for (label, what), count in sorted(self.counts.items())]
