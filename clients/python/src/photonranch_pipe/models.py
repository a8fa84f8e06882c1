"""What the API answers, as dataclasses. Unknown fields of an answer are kept in ``raw``."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping, Optional, Union


@dataclass(frozen=True)
class QueueItem:
    """A job in a queue. ``created_at`` is in milliseconds since the Unix epoch; ``payload`` is what was enqueued."""

    id: str
    queue_name: str
    payload: Any
    created_at: int
    sender: str
    raw: Mapping[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> "QueueItem":
        return cls(
            id=data["id"],
            queue_name=data.get("queue_name", ""),
            payload=data.get("payload"),
            created_at=int(data.get("created_at", 0)),
            sender=data.get("sender", "unknown"),
            raw=dict(data),
        )


@dataclass(frozen=True)
class LeasedItem(QueueItem):
    """A job taken under a lease: hidden from other consumers until ``lease_expires_at`` (ms since the epoch),
    unless acknowledged, extended or released with its ``receipt``. ``delivery_count`` counts its hand-outs,
    this one included."""

    receipt: str = ""
    lease_expires_at: int = 0
    delivery_count: int = 1

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> "LeasedItem":
        item = QueueItem.from_json(data)
        return cls(
            id=item.id,
            queue_name=item.queue_name,
            payload=item.payload,
            created_at=item.created_at,
            sender=item.sender,
            raw=item.raw,
            receipt=data["receipt"],
            lease_expires_at=int(data.get("lease_expires_at", 0)),
            delivery_count=int(data.get("delivery_count", 1)),
        )


@dataclass(frozen=True)
class Lease:
    """A leased item's lease after :meth:`PipeClient.extend`: the same receipt, a later ``lease_expires_at``."""

    id: str
    queue_name: str
    receipt: str
    lease_expires_at: int

    @classmethod
    def from_json(cls, data: Optional[Mapping[str, Any]], fallback: Union[LeasedItem, "Lease"]) -> "Lease":
        data = data or {}
        return cls(
            id=data.get("id", fallback.id),
            queue_name=data.get("queue_name", fallback.queue_name),
            receipt=data.get("receipt", fallback.receipt),
            lease_expires_at=int(data.get("lease_expires_at", fallback.lease_expires_at)),
        )


@dataclass(frozen=True)
class PipeStatus:
    """A PIPE machine's last report. ``stale`` is ``True`` once three of its ``heartbeat_seconds`` passed without a
    report (``None`` when the server does not say)."""

    pipe_id: str
    status: str
    last_updated: int
    details: Any
    stale: Optional[bool] = None
    heartbeat_seconds: Optional[float] = None
    raw: Mapping[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> "PipeStatus":
        stale = data.get("stale")
        return cls(
            pipe_id=data["pipe_id"],
            status=data.get("status", ""),
            last_updated=int(data.get("last_updated", 0)),
            details=data.get("details"),
            stale=bool(stale) if stale is not None else None,
            heartbeat_seconds=data.get("heartbeat_seconds"),
            raw=dict(data),
        )
