"""Quoting helpers for building SQL text safely."""

from __future__ import annotations


def quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def quote_literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def first_lines(message: str, limit: int = 4) -> str:
    """Trim an engine's error to its first few meaningful lines."""
    lines = [line.rstrip() for line in message.strip().splitlines() if line.strip()]
    return "\n".join(lines[:limit])
