"""Readable differences between two texts, word by word, for pages that compare versions.

A page shows `parts` as running text: "same" words plain, "removed" words struck through
(<del>), "added" words underlined (<ins>), so a reader sees what changed in place.
"""

import difflib

Part = tuple[str, str]


def word_diff(before: str, after: str) -> list[Part]:
    """[(op, words)] with op "same", "removed" or "added", in reading order."""
    old, new = (before or "").split(), (after or "").split()
    parts: list[Part] = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            parts.append(("same", " ".join(old[a1:a2])))
        if op in ("delete", "replace"):
            parts.append(("removed", " ".join(old[a1:a2])))
        if op in ("insert", "replace"):
            parts.append(("added", " ".join(new[b1:b2])))
    return parts


def field_changes(before: dict[str, str], after: dict[str, str], labels: dict[str, str]) -> list[dict]:
    """For each field in `labels` (name → label) whose text differs: {"field": label, "parts": word_diff}."""
    return [
        {"field": label, "parts": word_diff(before.get(name, ""), after.get(name, ""))}
        for name, label in labels.items()
        if (before.get(name, "") or "") != (after.get(name, "") or "")
    ]
