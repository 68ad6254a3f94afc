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
SQLite lets a row go when its whole engagement is gone in the same transaction: that is how a
test database is emptied between tests (DELETE FROM every table); deleting an engagement through
Django removes its children first, so it is still refused. PostgreSQL empties test databases with
TRUNCATE, which fires no row trigger, so there the triggers have no such exception.
"""

# ruff: noqa: S608  (the SQL here is built from the constants below, never from input)
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, models

MESSAGE = "A signed or agreed record never changes"


class ImmutableRecordError(IntegrityError):
    """A write to a signed agreement version, a signature, an agreed shared purpose or an approval."""


@dataclass(frozen=True)
class Guard:
    table: str
    what: str  # the sentence's subject, for the error
    # SQL, true of the row (alias R) when it is protected; "" for always.
    protected_when: str = ""
    # The engagement's id for the row R (SQLite's exception for emptying a whole engagement).
    engagement_of: str = ""
    inserts_into: str = ""  # a child row: inserting one under a protected parent is refused too


_VERSION = "engagements_agreementversion"
_AGREEMENT = "engagements_agreement"
_PURPOSE = "engagements_sharedpurposeversion"

GUARDS = (
    Guard(
        _VERSION,
        "an agreement version once both sides have signed it",
        protected_when="R.signed_at IS NOT NULL",
        engagement_of=f"(SELECT a.engagement_id FROM {_AGREEMENT} a WHERE a.id = R.agreement_id)",
    ),
    Guard(
        "engagements_signature",
        "a signature",
        engagement_of=(
            f"(SELECT a.engagement_id FROM {_VERSION} v JOIN {_AGREEMENT} a ON a.id = v.agreement_id"
            " WHERE v.id = R.version_id)"
        ),
    ),
    Guard(
        "engagements_commitment",
        "a commitment of a signed agreement version",
        protected_when=f"EXISTS (SELECT 1 FROM {_VERSION} v WHERE v.id = R.version_id AND v.signed_at IS NOT NULL)",
        engagement_of=(
            f"(SELECT a.engagement_id FROM {_VERSION} v JOIN {_AGREEMENT} a ON a.id = v.agreement_id"
            " WHERE v.id = R.version_id)"
        ),
        inserts_into="signed",
    ),
    Guard(
        _PURPOSE,
        "a shared-purpose version once both sides have agreed it",
        protected_when="R.agreed_at IS NOT NULL",
        engagement_of="R.engagement_id",
    ),
    Guard(
        "engagements_purposeapproval",
        "an approval of a shared purpose",
        engagement_of=f"(SELECT p.engagement_id FROM {_PURPOSE} p WHERE p.id = R.version_id)",
    ),
    Guard(
        "engagements_purposeimpact",
        "the ways of impact of an agreed shared purpose",
        protected_when=f"EXISTS (SELECT 1 FROM {_PURPOSE} p WHERE p.id = R.version_id AND p.agreed_at IS NOT NULL)",
        engagement_of=f"(SELECT p.engagement_id FROM {_PURPOSE} p WHERE p.id = R.version_id)",
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
    engagement = guard.engagement_of.replace("R.", "OLD.")
    still_there = f"EXISTS (SELECT 1 FROM engagements_engagement e WHERE e.id = {engagement})"
    sql = [
        f"CREATE TRIGGER {name}_no_update BEFORE UPDATE ON {name} FOR EACH ROW "
        f"WHEN {_update_refused(guard)} {raise_it}",
        f"CREATE TRIGGER {name}_no_delete BEFORE DELETE ON {name} FOR EACH ROW "
        f"WHEN ({_cond(guard, 'OLD')}) AND {still_there} {raise_it}",
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
