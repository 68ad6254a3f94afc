"""docs/engagements.md shows the lifecycle table; it must say what engagements/lifecycle.py does."""

from pathlib import Path

from django.conf import settings

from engagements import lifecycle


def _doc_rows():
    text = (Path(settings.BASE_DIR) / "docs" / "engagements.md").read_text()
    rows = []
    for line in text.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 5 and cells[0] not in ("action", "---"):
            rows.append(cells)
    return rows


def _split(cell):
    return tuple(part.strip() for part in cell.split(","))


def test_the_doc_table_is_the_lifecycle_table():
    documented = {
        action: (_split(sources), target, _split(by), reason) for action, sources, target, by, reason in _doc_rows()
    }
    actual = {
        t.action: (tuple(str(s) for s in t.sources), str(t.target), t.by, t.reason) for t in lifecycle.TRANSITIONS
    }
    assert documented == actual
