"""Where a document path (``spec.tables[2].columns[1]``) is in a YAML file: its line, for SARIF and editors."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

_TOKEN = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def line_of(source: str | Path, path: str | None) -> int | None:
    """The 1-based line where ``path`` starts in the YAML file ``source``; None when unknown (or not YAML)."""
    if not path or Path(source).suffix not in {".yaml", ".yml"}:
        return None
    try:
        node: yaml.Node | None = yaml.compose(Path(source).read_text(), Loader=yaml.SafeLoader)
    except (OSError, yaml.YAMLError):
        return None
    for name, index in _TOKEN.findall(path):
        if isinstance(node, yaml.MappingNode) and name:
            node = next((v for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == name), None)
        elif isinstance(node, yaml.SequenceNode) and index:
            position = int(index)
            node = node.value[position] if position < len(node.value) else None
        else:
            node = None
        if node is None:
            return None
    return node.start_mark.line + 1 if node is not None else None
