"""The parse-tree walk: every message of a statement, remembered while that statement is checked."""

from __future__ import annotations

from google.protobuf.descriptor import FieldDescriptor
from google.protobuf.message import Message
from postgast import pg_query_pb2 as pb

from schemawright.guard.context import Context

_MESSAGE_FIELD = FieldDescriptor.TYPE_MESSAGE


DML_NODES = (pb.InsertStmt, pb.UpdateStmt, pb.DeleteStmt, pb.MergeStmt)


DML_TYPES = frozenset(DML_NODES)  # type(m) in a set: isinstance on protobuf classes is slow


def _messages(tree: Message) -> list[Message]:
    """Every message in ``tree`` (itself first), depth first, ``Node`` wrappers unwrapped.

    Like postgast.walk, without its per-node generators: a 1 MB dump walks each statement several times.
    Results are kept while one statement is checked (see :func:`walk`).
    """
    found: list[Message] = []
    stack: list[Message] = [tree]
    while stack:
        message = stack.pop()
        if type(message) is pb.Node:
            which = message.WhichOneof("node")
            if which is None:
                continue
            message = getattr(message, which)
        found.append(message)
        children: list[Message] = []
        for descriptor, value in message.ListFields():
            if descriptor.type != _MESSAGE_FIELD:
                continue
            if descriptor.is_repeated:  # (isinstance against the abstract Message is slow)
                children.extend(value)
            else:
                children.append(value)
        stack.extend(reversed(children))
    return found


def walk(tree: Message, ctx: Context | None = None) -> list[Message]:
    """:func:`_messages` of ``tree``, remembered in ``ctx`` while one statement is checked."""
    if ctx is None:
        return _messages(tree)
    cached = ctx.walked.get(id(tree))
    if cached is None or cached[0] is not tree:
        cached = (tree, _messages(tree))
        ctx.walked[id(tree)] = cached
    return cached[1]
