"""The worker side: the leased consume loop and the status heartbeat, each with a background thread."""

from __future__ import annotations

import logging
import threading
import time
from typing import TYPE_CHECKING, Any, Callable, Dict, List, Optional, Union

from .errors import ConflictError, NotFoundError, PipeError, ServerError
from .models import Lease, LeasedItem, PipeStatus

if TYPE_CHECKING:
    from .client import Handler, PipeClient

logger = logging.getLogger("photonranch_pipe")

Held = Union[LeasedItem, Lease]


def consume_queue(
    client: "PipeClient",
    queue_name: str,
    handler: "Handler",
    lease_seconds: int,
    wait_seconds: int,
    batch: int,
    stop: Optional[threading.Event],
    max_items: Optional[int],
    retry_seconds: float,
) -> int:
    """:meth:`PipeClient.consume`, which documents it."""
    if not 1 <= batch <= 32:
        raise ValueError("batch must be from 1 to 32")
    if not 0 <= wait_seconds <= 20:
        raise ValueError("wait_seconds must be from 0 to 20")
    if lease_seconds < 1:
        raise ValueError("lease_seconds must be at least 1")
    stop = stop or threading.Event()
    handled = 0
    keeper = LeaseKeeper(client, lease_seconds)
    keeper.start()
    try:
        while not stop.is_set() and (max_items is None or handled < max_items):
            want = batch if max_items is None else min(batch, max_items - handled)
            polled_at = time.monotonic()
            try:
                if batch == 1:
                    # Without `max` the answer is one item, as from servers that do not know batches.
                    item = client.dequeue(queue_name, lease_seconds=lease_seconds, wait_seconds=wait_seconds)
                    items: List[LeasedItem] = [item] if item is not None else []
                else:
                    items = client.dequeue(queue_name, lease_seconds=lease_seconds, wait_seconds=wait_seconds, max=want)
            except ServerError as error:
                logger.warning("dequeue from %s failed, retrying in %s s: %s", queue_name, retry_seconds, error)
                stop.wait(retry_seconds)
                continue
            if not items and time.monotonic() - polled_at < max(wait_seconds - 1, 1):
                # "Empty" well before the wait ended (wait_seconds=0, or a server without long polling): do not
                # hammer the server.
                stop.wait(1.0)
            for item in items:
                keeper.hold(item)
            for item in items:
                if stop.is_set():
                    break  # the rest of the batch is released below, for other machines to take
                _handle(client, keeper, handler, item)
                handled += 1
            for lease in keeper.drop_all():
                _release(client, lease)
    finally:
        # Also on KeyboardInterrupt or a refusal: what this machine still holds goes back at once.
        keeper.stop()
        for lease in keeper.drop_all():
            _release(client, lease)
    return handled


def _handle(client: "PipeClient", keeper: "LeaseKeeper", handler: "Handler", item: LeasedItem) -> None:
    try:
        handler(item)
    except Exception:
        logger.exception(
            "handler failed on item %s of %s (delivery %d); releasing it", item.id, item.queue_name, item.delivery_count
        )
        lease = keeper.drop(item)
        if lease is not None:
            _release(client, lease)
        return
    lease = keeper.drop(item)
    if lease is None:
        logger.warning("lease of item %s was lost while its handler ran; it may be handled again", item.id)
        return
    try:
        client.ack(lease)
    except (ConflictError, NotFoundError) as error:
        logger.warning("item %s done but its lease was lost, it may be handled again: %s", item.id, error)
    except ServerError as error:
        logger.warning("item %s done but the ack failed, it comes back when its lease ends: %s", item.id, error)


def _release(client: "PipeClient", lease: Held) -> None:
    try:
        client.release(lease)
    except PipeError as error:
        # Lost or unreachable: the lease runs out and the item comes back then.
        logger.warning("could not release item %s: %s", lease.id, error)


class LeaseKeeper:
    """Extends the leases of the items it holds, each third of ``lease_seconds``, in a daemon thread, until
    they are dropped. A lease found lost (409/404) is dropped and logged."""

    def __init__(self, client: "PipeClient", lease_seconds: int) -> None:
        self._client = client
        self._lease_seconds = lease_seconds
        self._held: Dict[str, Held] = {}
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, name="pipe-lease-keeper", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stopping.set()
        self._thread.join()

    def hold(self, item: LeasedItem) -> None:
        with self._lock:
            self._held[item.id] = item

    def drop(self, item: LeasedItem) -> Optional[Held]:
        """The item's latest lease, no longer extended; ``None`` when it was lost."""
        with self._lock:
            return self._held.pop(item.id, None)

    def drop_all(self) -> List[Held]:
        with self._lock:
            held = list(self._held.values())
            self._held.clear()
            return held

    def _run(self) -> None:
        while not self._stopping.wait(max(self._lease_seconds / 3, 0.2)):
            with self._lock:
                held = list(self._held.values())
            for lease in held:
                try:
                    extended = self._client.extend(lease, self._lease_seconds)
                except (ConflictError, NotFoundError) as error:
                    with self._lock:
                        lost = self._held.pop(lease.id, None) is not None
                    if lost:
                        logger.warning("lease of item %s lost: %s", lease.id, error)
                    continue
                except PipeError as error:
                    logger.warning("could not extend the lease of item %s, trying again: %s", lease.id, error)
                    continue
                with self._lock:
                    if lease.id in self._held:
                        self._held[lease.id] = extended


class StatusHeartbeat:
    """Reports a PIPE machine's status now and then every ``heartbeat_seconds``, in a daemon thread.

    ``details`` may be a value or a function called at each report (e.g. the jobs running). A report that fails
    is logged and the next one tried on time. The server marks the status ``stale`` once three heartbeats pass
    without a report, so a machine that dies shows as such.

    Example::

        with StatusHeartbeat(pipe, "eco", details=lambda: {"jobs_running": running()}, heartbeat_seconds=60) as beat:
            pipe.consume("lcs1", handle, stop=stop)
            beat.update("draining")
        # leaving the block reports "offline"
    """

    def __init__(
        self,
        client: "PipeClient",
        pipe_id: str,
        status: str = "online",
        details: Union[Any, Callable[[], Any]] = None,
        heartbeat_seconds: float = 60,
        final_status: Optional[str] = "offline",
    ) -> None:
        self.client = client
        self.pipe_id = pipe_id
        self.status = status
        self.details = details
        self.heartbeat_seconds = heartbeat_seconds
        self.final_status = final_status
        #: The answer to the latest successful report.
        self.last: Optional[PipeStatus] = None
        self._stopped = False
        self._wake = threading.Event()
        self._thread = threading.Thread(target=self._run, name="pipe-status-heartbeat", daemon=True)

    def start(self) -> "StatusHeartbeat":
        self._thread.start()
        return self

    def update(self, status: Optional[str] = None, details: Union[Any, Callable[[], Any]] = None) -> None:
        """Change what is reported, and report it now."""
        if status is not None:
            self.status = status
        if details is not None:
            self.details = details
        self._wake.set()

    def stop(self) -> None:
        """Stop reporting; report ``final_status`` once when it is set (``None`` leaves the last status, which turns
        stale)."""
        self._stopped = True
        self._wake.set()
        if self._thread.is_alive():
            self._thread.join()
        if self.final_status is not None:
            self.status = self.final_status
            self._beat()

    def __enter__(self) -> "StatusHeartbeat":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _run(self) -> None:
        while not self._stopped:
            self._beat()
            self._wake.wait(self.heartbeat_seconds)
            self._wake.clear()

    def _beat(self) -> None:
        try:
            details = self.details() if callable(self.details) else self.details
            self.last = self.client.report_status(self.pipe_id, self.status, details, self.heartbeat_seconds)
        except Exception as error:  # the machine keeps working when a report fails
            logger.warning("status report of %s failed: %s", self.pipe_id, error)
