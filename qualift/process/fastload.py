"""Fast loading of one parameter's readings into numpy, for `series.load_series`.

The plain way (`cursor.fetchall()` then `np.array(rows)`) builds a Python tuple per reading and
converts them again; at 10⁶ readings that conversion is a third of a chart load. Here:

- SQLite: the rows stream from the driver straight into `np.fromiter` (no list of tuples, no
  nested conversion): 0.54 s → 0.38 s for 10⁶ readings on the benchmark machine;
- PostgreSQL: the same `np.fromiter` over the fetched rows (a few per cent). Tried and slower
  from Python: `COPY … TO STDOUT (FORMAT BINARY)` (psycopg hands over one message per row) and
  `string_agg(float8send(value) …)` into one bytea (the server-side aggregation costs more than
  it saves). There the server's index scan plus the sort on the `id` tie-break is most of the
  time; see docs/control-charts.md for the index that removes it.

Columns are read as float64 (subgroup numbers are exact in float64 up to 2⁵³); a NULL becomes NaN.
Rows are those whose second column is not NULL (the value, or the count for attributes), in
(subgroup, id) order — exactly what `load_series` selects. Column names must be Measurement
fields (checked), so nothing from a request reaches the SQL text.
"""

from __future__ import annotations

import itertools

import numpy as np
from django.db import connection

from qualift.process.models import Measurement

COLUMNS = {"subgroup", "value", "count", "sample_size"}


def _check(columns: tuple[str, ...]) -> None:
    if len(columns) < 2 or not set(columns) <= COLUMNS:
        raise ValueError(f"columns must be two or more of {sorted(COLUMNS)}")


def _where(parameter_id: int, columns, first_subgroup) -> tuple[str, list]:
    where = f"parameter_id = %s AND {columns[1]} IS NOT NULL"
    params: list = [int(parameter_id)]
    if first_subgroup is not None:
        where += " AND subgroup >= %s"
        params.append(int(first_subgroup))
    return where, params


def _postgresql(parameter_id, columns, first_subgroup) -> np.ndarray:
    table = Measurement._meta.db_table
    where, params = _where(parameter_id, columns, first_subgroup)
    select = ", ".join(f"COALESCE({c}::float8, 'NaN'::float8)" for c in columns)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {select} FROM {table} WHERE {where} ORDER BY subgroup, id",  # noqa: S608
            params,
        )
        flat = np.fromiter(itertools.chain.from_iterable(cursor.fetchall()), dtype=np.float64)
    return flat.reshape(-1, len(columns))


def _sqlite(parameter_id, columns, first_subgroup) -> np.ndarray:
    table = Measurement._meta.db_table
    where, params = _where(parameter_id, columns, first_subgroup)
    # SQLite has no NaN (it stores NULL); 9e999 reads as +inf, turned into NaN below. The
    # subgroup and the filtered column are never NULL and are read as they are.
    nullable = [c for c in columns[2:] if c != "subgroup"]
    select = ", ".join(f"IFNULL({c}, 9e999)" if c in nullable else c for c in columns)
    sql = f"SELECT {select} FROM {table} WHERE {where} ORDER BY subgroup, id"  # noqa: S608
    connection.ensure_connection()
    cursor = connection.connection.execute(sql.replace("%s", "?"), params)
    flat = np.fromiter(itertools.chain.from_iterable(cursor), dtype=np.float64)
    out = flat.reshape(-1, len(columns))
    if nullable:
        out[np.isinf(out)] = np.nan
    return out


def load_rows(
    parameter_id: int, columns: tuple[str, ...], first_subgroup: int | None = None
) -> np.ndarray:
    """An (n, len(columns)) float64 array of the parameter's readings (see the module doc)."""
    columns = tuple(columns)
    _check(columns)
    if connection.vendor == "postgresql":
        return _postgresql(parameter_id, columns, first_subgroup)
    if connection.vendor == "sqlite":
        return _sqlite(parameter_id, columns, first_subgroup)
    table = Measurement._meta.db_table
    where, params = _where(parameter_id, columns, first_subgroup)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {', '.join(columns)} FROM {table} WHERE {where} ORDER BY subgroup, id",  # noqa: S608
            params,
        )
        rows = cursor.fetchall()
    return np.array(rows, dtype=np.float64).reshape(-1, len(columns))
