"""The endpoint's one error path: every refusal is an ``ApiError`` with its HTTP status.

Handlers raise these; a single exception handler in ``app.py`` renders them as a short
plain-text message. Anything else that escapes a handler is a server bug and becomes a
logged 500, never a disguised 400.
"""

from __future__ import annotations

from unkg.kg.errors import UnkgError


class ApiError(UnkgError):
    """A request the server refuses, with a message saying what to change."""

    status = 400

    def __init__(self, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.headers = headers or {}

    def __reduce__(self):  # raised in worker processes and pickled back to the app
        return (type(self), (str(self), self.headers))


class BadRequest(ApiError):
    status = 400


class Unauthorized(ApiError):
    status = 401

    def __init__(self, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message, {"WWW-Authenticate": "Bearer", **(headers or {})})


class Forbidden(ApiError):
    status = 403


class NotFound(ApiError):
    status = 404


class MethodNotAllowed(ApiError):
    status = 405


class NotAcceptable(ApiError):
    status = 406


class PayloadTooLarge(ApiError):
    status = 413


class UnsupportedMediaType(ApiError):
    status = 415


class Busy(ApiError):
    """Every worker is taken and the waiting line is full: retrying later will work."""

    status = 503


class QueryTimeout(BadRequest):
    """The query ran past the time limit and was stopped.

    A 400, as datasette does for its SQL time limit: the query is too expensive for this
    server, and the server itself is fine (a 5xx would tell clients and monitors otherwise).
    """
