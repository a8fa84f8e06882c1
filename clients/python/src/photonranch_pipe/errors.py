"""Exceptions for the API's refusals (4xx) and faults (5xx, network), each carrying the server's error text."""

from __future__ import annotations

from typing import Dict, Optional, Type


class PipeError(Exception):
    """A request the API refused or could not answer.

    ``status`` is the HTTP status (``None`` when no answer came), ``message`` the server's ``error`` text, e.g.
    ``Queue does not exist: lcs1``.
    """

    def __init__(self, status: Optional[int], message: str, method: str, url: str) -> None:
        super().__init__(f"{method} {url}: {status if status is not None else 'no answer'} {message}")
        self.status = status
        self.message = message
        self.method = method
        self.url = url


class BadRequestError(PipeError):
    """400: the request is malformed (a missing field, a parameter out of range)."""


class NotFoundError(PipeError):
    """404: no such queue, item or PIPE machine."""


class ConflictError(PipeError):
    """409: the queue exists already, or a receipt is not the item's current lease (the lease ran out and the
    item was handed to another consumer)."""


class PayloadTooLargeError(PipeError):
    """413: the payload or details exceed what one item can store (983,040 bytes of JSON)."""


class ServerError(PipeError):
    """5xx: the API or its storage failed; retrying later may succeed."""


class PipeUnavailableError(ServerError):
    """No answer: the connection failed or timed out."""


_BY_STATUS: Dict[int, Type[PipeError]] = {400: BadRequestError, 404: NotFoundError, 409: ConflictError, 413: PayloadTooLargeError}


def error_for_status(status: int, message: str, method: str, url: str) -> PipeError:
    """The exception of an HTTP error status."""
    kind = ServerError if status >= 500 else _BY_STATUS.get(status, PipeError)
    return kind(status, message, method, url)
