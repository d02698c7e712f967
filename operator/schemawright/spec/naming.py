"""PostgreSQL's default names for unnamed constraints, so rendered DDL can always name them.

Mirrors ``makeObjectName``, ``ChooseIndexNameAddition`` and ``ChooseConstraintName`` in
PostgreSQL's source: ``<table>_pkey``, ``<table>_<cols>_key``, ``<table>_<cols>_fkey``,
``<table>_<col>_check`` (or ``<table>_check`` when the check references no column or several),
truncated to 63 bytes the way PostgreSQL truncates them, and numbered (``_key1``) on conflict.
"""

from __future__ import annotations

from collections.abc import Iterable

from schemawright.inspect.limits import MAX_IDENTIFIER_BYTES

NAMEDATALEN = MAX_IDENTIFIER_BYTES + 1  # PostgreSQL's name: as its C code counts


def _clip(name: bytes, length: int) -> int:
    """The longest prefix length <= ``length`` that ends on a UTF-8 character boundary."""
    while length > 0 and length < len(name) and (name[length] & 0xC0) == 0x80:
        length -= 1
    return length


def make_object_name(name1: str, name2: str | None, label: str | None) -> str:
    """``name1_name2_label`` truncated to 63 bytes, shortening the longer of name1/name2 first."""
    n1 = name1.encode()
    n2 = name2.encode() if name2 is not None else b""
    overhead = 0
    if name2 is not None:
        overhead += 1
    if label:
        overhead += len(label.encode()) + 1
    avail = NAMEDATALEN - 1 - overhead
    len1, len2 = len(n1), len(n2)
    while len1 + len2 > avail:
        if len1 > len2:
            len1 -= 1
        else:
            len2 -= 1
    parts = [n1[: _clip(n1, len1)]]
    if name2 is not None:
        parts.append(n2[: _clip(n2, len2)])
    if label:
        parts.append(label.encode())
    return b"_".join(parts).decode()


def column_addition(columns: Iterable[str]) -> str:
    """The column part of a default name: the columns joined by ``_`` (PostgreSQL stops past 63 bytes)."""
    buf = b""
    for column in columns:
        if buf:
            buf += b"_"
        buf += column.encode()[: NAMEDATALEN - 1]
        if len(buf) >= NAMEDATALEN:
            break
    return buf.decode(errors="ignore")


def choose_name(name1: str, name2: str | None, label: str, taken: set[str]) -> str:
    """The default name, numbered (``label1``, ``label2`` …) until it is not in ``taken``; records it."""
    attempt = 0
    while True:
        modlabel = label if attempt == 0 else f"{label}{attempt}"
        name = make_object_name(name1, name2, modlabel)
        if name not in taken:
            taken.add(name)
            return name
        attempt += 1
