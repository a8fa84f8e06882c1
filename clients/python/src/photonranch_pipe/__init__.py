"""Client of the Photon Ranch PIPE queue: site computers enqueue jobs, PIPE machines consume them under leases and
report their status.

Example (a PIPE machine)::

    import threading
    from photonranch_pipe import LeasedItem, PipeClient, StatusHeartbeat

    pipe = PipeClient("https://photonranch-api.example.org")
    stop = threading.Event()

    def handle(item: LeasedItem) -> None:
        print(item.payload["request"], item.payload["request_content"])

    with StatusHeartbeat(pipe, "eco", heartbeat_seconds=60):
        pipe.consume("lcs1", handle, lease_seconds=300, stop=stop)
"""

from .client import MAX_BATCH, MAX_WAIT_SECONDS, PipeClient
from .consumer import LeaseKeeper, StatusHeartbeat
from .errors import (
    BadRequestError,
    ConflictError,
    NotFoundError,
    PayloadTooLargeError,
    PipeError,
    PipeUnavailableError,
    ServerError,
)
from .models import Lease, LeasedItem, PipeStatus, QueueItem

__all__ = [
    "MAX_BATCH",
    "MAX_WAIT_SECONDS",
    "BadRequestError",
    "ConflictError",
    "Lease",
    "LeaseKeeper",
    "LeasedItem",
    "NotFoundError",
    "PayloadTooLargeError",
    "PipeClient",
    "PipeError",
    "PipeStatus",
    "PipeUnavailableError",
    "QueueItem",
    "ServerError",
    "StatusHeartbeat",
]
