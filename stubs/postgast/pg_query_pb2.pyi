# postgast ships a generated protobuf stub that mypy cannot parse (an enum member named None);
# these stand-in stubs make postgast untyped for our type check. See pyproject [tool.mypy].
from typing import Any

def __getattr__(name: str) -> Any: ...
