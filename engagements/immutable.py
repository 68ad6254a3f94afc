"""What can never change once agreed or signed, refused at every layer (docs/agreements.md).

- The services refuse (they start a new version instead of touching a frozen one).
- The models refuse: `save()` and `delete()` of a protected row, and `QuerySet.update()` /
  `.delete()` reaching one, raise ImmutableRecordError before any SQL runs.
- The database refuses: triggers (migration 0008) abort an UPDATE or DELETE of an agreement
  version whose `signed_at` was set, of any signature, of a signed version's commitments (and an
  INSERT of one), of a shared-purpose version whose `agreed_at` was set, of any approval, and of
  an agreed version's ways of impact. That covers raw SQL, bulk writes and the admin alike.

Which rows are protected is said once here, as SQL conditions on the row before the change
(`OLD`) and, for inserts, the new one (`NEW`); the triggers and the tests both read them.
Emptying the whole database is the one delete let through: `manage.py flush` (which the test
suite runs between browser tests) says so for its duration (`emptying()`). PostgreSQL empties
tables with TRUNCATE, which fires no row trigger; SQLite deletes row by row, so its delete
triggers ask `engagements_guarded()`, a function this app gives every SQLite connection.
"""

# ruff: noqa: S608  (the SQL here is built from the constants below, never from input)
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, models

MESSAGE = "A signed or agreed record never changes"


_EMPTYING = {"now": False}


@contextmanager
def emptying() -> Iterator[None]:
    """While the whole database is being emptied (flush), the delete triggers stand aside."""
    _EMPTYING["now"] = True
    try:
        yield
    finally:
        _EMPTYING["now"] = False


def guarded() -> int:
    """engagements_guarded() in SQLite's triggers: 1 unless the database is being emptied."""
    return 0 if _EMPTYING["now"] else 1


def register_sqlite_function(sender: Any, connection: Any, **kwargs: Any) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_function("engagements_guarded", 0, guarded)


class ImmutableRecordError(IntegrityError):
    """A write to a signed agreement version, a signature, an agreed shared purpose or an approval."""


@dataclass(frozen=True)
class Guard:
    table: str
    what: str  # the sentence's subject, for the error
    # SQL, true of the row (alias R) when it is protected; "" for always.
    protected_when: str = ""
    inserts_into: str = ""  # a child row: inserting one under a protected parent is refused too


_VERSION = "engagements_agreementversion"
_PURPOSE = "engagements_sharedpurposeversion"

GUARDS = (
    Guard(
        _VERSION,
        "an agreement version once both sides have signed it",
        protected_when="R.signed_at IS NOT NULL",
    ),
    Guard(
        "engagements_signature",
        "a signature",
    ),
    Guard(
        "engagements_commitment",
        "a commitment of a signed agreement version",
        protected_when=f"EXISTS (SELECT 1 FROM {_VERSION} v WHERE v.id = R.version_id AND v.signed_at IS NOT NULL)",
        inserts_into="signed",
    ),
    Guard(
        _PURPOSE,
        "a shared-purpose version once both sides have agreed it",
        protected_when="R.agreed_at IS NOT NULL",
    ),
    Guard(
        "engagements_purposeapproval",
        "an approval of a shared purpose",
    ),
    Guard(
        "engagements_purposeimpact",
        "the ways of impact of an agreed shared purpose",
        protected_when=f"EXISTS (SELECT 1 FROM {_PURPOSE} p WHERE p.id = R.version_id AND p.agreed_at IS NOT NULL)",
        inserts_into="agreed",
    ),
)


def _cond(guard: Guard, alias: str) -> str:
    return (guard.protected_when or "1 = 1").replace("R.", f"{alias}.")


def _update_refused(guard: Guard) -> str:
    # A protected row may not change; a child row (a commitment, a way of impact) may not be moved
    # into a protected parent either. A version may become signed: OLD is what counts for it.
    moved_in = f" OR ({_cond(guard, 'NEW')})" if guard.inserts_into else ""
    return f"({_cond(guard, 'OLD')}){moved_in}"


def _message(guard: Guard) -> str:
    return f"{MESSAGE}: {guard.what} cannot be changed or deleted."


# --- SQLite ------------------------------------------------------------------------------------


def sqlite_sql(guard: Guard) -> list[str]:
    name = guard.table
    raise_it = f"BEGIN SELECT RAISE(ABORT, '{_message(guard)}'); END"
    sql = [
        f"CREATE TRIGGER {name}_no_update BEFORE UPDATE ON {name} FOR EACH ROW "
        f"WHEN {_update_refused(guard)} {raise_it}",
        f"CREATE TRIGGER {name}_no_delete BEFORE DELETE ON {name} FOR EACH ROW "
        f"WHEN engagements_guarded() AND ({_cond(guard, 'OLD')}) {raise_it}",
    ]
    if guard.inserts_into:
        sql.append(
            f"CREATE TRIGGER {name}_no_insert BEFORE INSERT ON {name} FOR EACH ROW "
            f"WHEN {_cond(guard, 'NEW')} {raise_it}"
        )
    return sql


def sqlite_drop(guard: Guard) -> list[str]:
    return [f"DROP TRIGGER IF EXISTS {guard.table}_no_{op}" for op in ("update", "delete", "insert")]


# --- PostgreSQL --------------------------------------------------------------------------------


def postgresql_sql(guard: Guard) -> list[str]:
    name = guard.table
    # 23000 (integrity constraint violation): Django raises IntegrityError, as on SQLite.
    refuse = f"RAISE EXCEPTION '{_message(guard)}' USING ERRCODE = '23000';"
    inserts = f"IF TG_OP = 'INSERT' THEN IF {_cond(guard, 'NEW')} THEN {refuse} END IF; RETURN NEW; END IF; "
    body = (
        "BEGIN "
        + (inserts if guard.inserts_into else "")
        + f"IF TG_OP = 'DELETE' THEN IF {_cond(guard, 'OLD')} THEN {refuse} END IF; RETURN OLD; END IF; "
        + f"IF {_update_refused(guard)} THEN {refuse} END IF; RETURN NEW; END;"
    )
    operations = "UPDATE OR DELETE" + (" OR INSERT" if guard.inserts_into else "")
    return [
        f"CREATE OR REPLACE FUNCTION {name}_guard() RETURNS trigger LANGUAGE plpgsql AS $$ {body} $$",
        f"CREATE TRIGGER {name}_guard BEFORE {operations} ON {name} FOR EACH ROW EXECUTE FUNCTION {name}_guard()",
    ]


def postgresql_drop(guard: Guard) -> list[str]:
    return [
        f"DROP TRIGGER IF EXISTS {guard.table}_guard ON {guard.table}",
        f"DROP FUNCTION IF EXISTS {guard.table}_guard()",
    ]


# --- The models' own refusal -------------------------------------------------------------------


def refuse(model: type[models.Model]) -> ImmutableRecordError:
    guard = next(g for g in GUARDS if g.table == model._meta.db_table)
    return ImmutableRecordError(_message(guard))


class GuardedQuerySet(models.QuerySet[Any]):
    """update() and delete() refuse, before any change, when they would reach a protected row."""

    def _reaches_protected(self) -> bool:
        lookup: dict[str, Any] = getattr(self.model, "immutable_when", {})
        return self.filter(**lookup).exists()

    def update(self, **kwargs: Any) -> int:
        if self._reaches_protected():
            raise refuse(self.model)
        return super().update(**kwargs)

    def delete(self) -> tuple[int, dict[str, int]]:
        if self._reaches_protected():
            raise refuse(self.model)
        return super().delete()


class GuardedModel(models.Model):
    """save() and delete() of a protected row refuse. `immutable_when` names the protected rows
    (a filter; empty for "every saved row"); `immutable_parent` a child's parent relation, whose
    protected state (`immutable_parent_when`) refuses new rows under it."""

    immutable_when: dict[str, Any] = {}
    immutable_parent: str = ""
    immutable_parent_when: dict[str, Any] = {}

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self._is_protected():
            raise refuse(type(self))
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        if self.pk is not None and type(self)._base_manager.filter(pk=self.pk, **self.immutable_when).exists():
            raise refuse(type(self))
        return super().delete(*args, **kwargs)

    def _is_protected(self) -> bool:
        model = type(self)
        if self.pk is not None and model._base_manager.filter(pk=self.pk, **self.immutable_when).exists():
            return True
        if self.immutable_parent:
            parent = model._meta.get_field(self.immutable_parent).related_model
            parent_id = getattr(self, f"{self.immutable_parent}_id")
            assert parent is not None and not isinstance(parent, str)
            return parent._base_manager.filter(pk=parent_id, **self.immutable_parent_when).exists()
        return False


def install(schema_editor: Any) -> None:
    vendor = schema_editor.connection.vendor
    for guard in GUARDS:
        statements = {"sqlite": sqlite_sql, "postgresql": postgresql_sql}.get(vendor, lambda g: [])(guard)
        for statement in statements:
            schema_editor.execute(statement)


def uninstall(schema_editor: Any) -> None:
    vendor = schema_editor.connection.vendor
    for guard in GUARDS:
        statements = {"sqlite": sqlite_drop, "postgresql": postgresql_drop}.get(vendor, lambda g: [])(guard)
        for statement in statements:
            schema_editor.execute(statement)
