"""What every API module needs: the caller's principal and the service context."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.exceptions import RequestValidationError

from monitor.service.auth import require
from monitor.service.context import ServiceContext
from monitor.service.tokens import Principal

Reader = Annotated[Principal, Depends(require("read"))]
Admin = Annotated[Principal, Depends(require("admin"))]

AUTH_RESPONSES: dict[int | str, dict[str, Any]] = {
    401: {"description": "No token, or an unknown or revoked one"},
    429: {"description": "Rate limit: slow down (see Retry-After)"},
}
ADMIN_RESPONSES: dict[int | str, dict[str, Any]] = {
    **AUTH_RESPONSES,
    403: {"description": "The token's scope is 'read'; 'admin' is needed"},
}


def context_of(request: Request) -> ServiceContext:
    context: ServiceContext = request.app.state.context
    return context


def invalid(where: str, name: str, message: str, given: Any = None) -> RequestValidationError:
    """A 422 in FastAPI's own shape (as documented in OpenAPI), naming the field."""
    error = {"loc": (where, name), "msg": message, "type": "value_error", "input": given}
    return RequestValidationError([error])
