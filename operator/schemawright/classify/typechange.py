"""Which column type changes PostgreSQL performs without rewriting the table.

Conservative by design: anything not listed here is treated as a rewrite.
"""

from __future__ import annotations

import re

_VARCHAR = re.compile(r"^(character varying|varchar)(\((\d+)\))?$")
_NUMERIC = re.compile(r"^(numeric|decimal)(\((\d+)(,\s*(\d+))?\))?$")
_VARBIT = re.compile(r"^(bit varying|varbit)(\((\d+)\))?$")

_ALIASES = {
    "int": "integer",
    "int4": "integer",
    "int8": "bigint",
    "int2": "smallint",
    "bool": "boolean",
    "float8": "double precision",
    "float4": "real",
    "timestamptz": "timestamp with time zone",
    "timestamp": "timestamp without time zone",
    "timetz": "time with time zone",
    "time": "time without time zone",
    "pg_catalog.varchar": "character varying",
    "pg_catalog.text": "text",
}


def normalise_type(type_: str) -> str:
    """A type name in ``format_type`` spelling (``varchar(20)`` -> ``character varying(20)``)."""
    t = re.sub(r"\s+", " ", type_.strip().lower()).replace("pg_catalog.", "")
    t = _ALIASES.get(t, t)
    t = re.sub(r"^varchar\b", "character varying", t)
    t = re.sub(r"^int4\b", "integer", t)
    t = re.sub(r"^int8\b", "bigint", t)
    t = re.sub(r"^bpchar\b", "character", t)
    return t


def is_binary_coercible(old: str, new: str) -> bool:
    """True when ``ALTER COLUMN ... TYPE new`` from ``old`` needs no rewrite (and no index rebuild)."""
    old, new = normalise_type(old), normalise_type(new)
    if old == new:
        return True
    ov, nv = _VARCHAR.match(old), _VARCHAR.match(new)
    if ov and (new == "text" or (nv and _wider(ov.group(3), nv.group(3)))):
        return True
    if old == "text" and nv and nv.group(3) is None:
        return True
    on, nn = _NUMERIC.match(old), _NUMERIC.match(new)
    if on and nn:
        if nn.group(3) is None:
            return True
        if on.group(3) is None:
            return False
        same_scale = (on.group(5) or "0") == (nn.group(5) or "0")
        return same_scale and int(nn.group(3)) >= int(on.group(3))
    ob, nb = _VARBIT.match(old), _VARBIT.match(new)
    if ob and nb:
        return _wider(ob.group(3), nb.group(3))
    return (old, new) in {("cidr", "inet"), ("xml", "text")}


def is_narrowing(old: str, new: str) -> bool:
    """True when the new type may not hold every old value (existing rows could fail or truncate)."""
    old, new = normalise_type(old), normalise_type(new)
    ov, nv = _VARCHAR.match(old), _VARCHAR.match(new)
    if nv and nv.group(3) is not None and (old == "text" or (ov and not _wider(ov.group(3), nv.group(3)))):
        return True
    order = ["smallint", "integer", "bigint"]
    if old in order and new in order:
        return order.index(new) < order.index(old)
    on, nn = _NUMERIC.match(old), _NUMERIC.match(new)
    if on and nn and nn.group(3) is not None:
        return on.group(3) is None or int(nn.group(3)) < int(on.group(3))
    return False


def _wider(old_len: str | None, new_len: str | None) -> bool:
    if new_len is None:
        return True
    if old_len is None:
        return False
    return int(new_len) >= int(old_len)
