"""The API's documentation as one server-rendered page (``/docs``), read from the app's own
OpenAPI document: every operation with its parameters, body and answers.  Nothing is loaded
from elsewhere (FastAPI's Swagger UI and ReDoc come from a CDN, so they are switched off)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

METHODS = ("get", "post", "put", "patch", "delete")


@dataclass(frozen=True)
class Parameter:
    name: str
    where: str
    required: bool
    description: str


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    summary: str
    description: str
    tag: str
    parameters: tuple[Parameter, ...]
    body: str | None
    responses: tuple[tuple[str, str], ...]

    @property
    def anchor(self) -> str:
        return f"{self.method}-{self.path}".replace("/", "-").replace("{", "").replace("}", "")


def _schema_name(content: dict[str, Any]) -> str | None:
    for media in content.values():
        ref = media.get("schema", {}).get("$ref", "")
        return ref.rsplit("/", 1)[-1] if ref else "JSON"
    return None


def operations(schema: dict[str, Any]) -> list[Operation]:
    """Every operation of an OpenAPI document, by tag then path."""
    found = []
    for path, item in schema.get("paths", {}).items():
        for method in METHODS:
            op = item.get(method)
            if not isinstance(op, dict):
                continue
            parameters = tuple(
                Parameter(
                    p["name"],
                    p.get("in", ""),
                    bool(p.get("required")),
                    p.get("description", "") or p.get("schema", {}).get("description", ""),
                )
                for p in op.get("parameters", [])
            )
            body = op.get("requestBody", {}).get("content")
            found.append(
                Operation(
                    method.upper(),
                    path,
                    op.get("summary", ""),
                    op.get("description", ""),
                    (op.get("tags") or ["other"])[0],
                    parameters,
                    _schema_name(body) if body else None,
                    tuple((code, r.get("description", "")) for code, r in op["responses"].items()),
                )
            )
    found.sort(key=lambda o: (o.tag, o.path, METHODS.index(o.method.lower())))
    return found
