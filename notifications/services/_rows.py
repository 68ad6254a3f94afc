"""Insert many rows in one statement round, whatever the number of rows."""

from collections.abc import Sequence

from django.db import connections, router
from django.db.models import AutoField, BigAutoField, Model, SmallAutoField

_AUTO = (AutoField, BigAutoField, SmallAutoField)


def insert_rows(model: type[Model], objs: Sequence[Model]) -> None:
    """INSERT objs with a single executemany.

    bulk_create splits rows into batches on SQLite (999 parameters a
    statement), so its query count grows with the number of recipients; a
    prepared INSERT run with executemany is one query at any size and, on
    PostgreSQL with psycopg 3, one pipelined round trip. Primary keys are not
    read back: callers identify rows by their UUIDs.
    """
    if not objs:
        return
    connection = connections[router.db_for_write(model)]
    fields = [f for f in model._meta.concrete_fields if not isinstance(f, _AUTO)]
    qn = connection.ops.quote_name
    columns = ", ".join(qn(f.column) for f in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {qn(model._meta.db_table)} ({columns}) VALUES ({placeholders})"  # noqa: S608 (names from model meta)
    params = [[f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields] for obj in objs]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)
