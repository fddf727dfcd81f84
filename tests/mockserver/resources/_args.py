"""Query-argument helpers shared by the fault resources."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from twisted.web.server import Request


def arg(request: Request, name: str, default: str = "") -> str:
    """Return the first value of query argument ``name`` as text, or ``default``."""
    values = (request.args or {}).get(name.encode())
    return values[0].decode("utf-8", "replace") if values else default


def int_arg(request: Request, name: str, default: int) -> int:
    """Return query argument ``name`` as an int, or ``default``."""
    return int(arg(request, name, str(default)))


def float_arg(request: Request, name: str, default: float) -> float:
    """Return query argument ``name`` as a float, or ``default``."""
    return float(arg(request, name, str(default)))


def retry_after_value(spec: str) -> str:
    """Turn ``"5"`` into ``"5"`` and ``"date:5"`` into an HTTP date 5 seconds from now."""
    if spec.startswith("date:"):
        import time
        from email.utils import formatdate

        return formatdate(time.time() + float(spec[5:]), usegmt=True)
    return spec
