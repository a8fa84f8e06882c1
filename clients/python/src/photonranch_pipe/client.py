"""The HTTP client of the PIPE queue and status endpoints (standard library only)."""

from __future__ import annotations

import json
import logging
import socket
import threading
import urllib.error
import urllib.parse
import urllib.request
from typing import Any, Callable, Dict, Iterable, List, Mapping, Optional, Union, overload

from .consumer import consume_queue
from .errors import ConflictError, PipeError, PipeUnavailableError, error_for_status
from .models import Lease, LeasedItem, PipeStatus, QueueItem

logger = logging.getLogger("photonranch_pipe")

#: The longest long poll the server allows (``wait_seconds``).
MAX_WAIT_SECONDS = 20
#: The largest batch one dequeue may take (``max``).
MAX_BATCH = 32

# The server's text for a queue that exists but has nothing visible; "Queue does not exist: X" is a 404 too.
_EMPTY_PREFIX = "Queue is empty:"

Handler = Callable[[LeasedItem], Any]


class PipeClient:
    """A client of one Photon Ranch API's ``/pipe`` endpoints. Thread-safe: each call is its own request.

    ``base_url`` is what precedes ``/pipe/...``: ``https://api.photonranch.org/api`` for the original,
    ``http://localhost:7071`` for the local host.

    Example::

        from photonranch_pipe import PipeClient

        pipe = PipeClient("http://localhost:7071")
        pipe.create_queue("lcs1", max_deliveries=5, exist_ok=True)
        pipe.enqueue("lcs1", {"request": "EVA_process_files", "request_content": ["a.fits.fz"]}, sender="lcs1")
        item = pipe.dequeue("lcs1", lease_seconds=600, wait_seconds=20)
        if item is not None:
            ...  # do the work
            pipe.ack(item)
    """

    def __init__(self, base_url: str, timeout: float = 30.0, user_agent: str = "photonranch-pipe/0.1") -> None:
        """``timeout`` bounds each request, on top of the ``wait_seconds`` of a long poll."""
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.user_agent = user_agent

    # --- queues ---------------------------------------------------------------------------------------------

    def create_queue(self, queue_name: str, max_deliveries: Optional[int] = None, exist_ok: bool = False) -> bool:
        """Create a queue; ``True`` when created, ``False`` when it existed and ``exist_ok`` is set.

        ``max_deliveries``: an item leased that many times without an ack moves to the queue's dead letters
        (:meth:`dead`). Without ``exist_ok`` an existing queue raises :class:`ConflictError`.

        >>> pipe.create_queue("lcs1", max_deliveries=5, exist_ok=True)  # doctest: +SKIP
        True
        """
        body: Dict[str, Any] = {"queue_name": queue_name}
        if max_deliveries is not None:
            body["max_deliveries"] = max_deliveries
        try:
            self._request("POST", "/pipe/queue", body)
            return True
        except ConflictError:
            if exist_ok:
                return False
            raise

    def delete_queue(self, queue_name: str) -> None:
        """Delete a queue and every item in it."""
        self._request("DELETE", f"/pipe/queue/{_segment(queue_name)}")

    def queues(self) -> Dict[str, int]:
        """Every queue's name and item count (leased items included); the first page of at most 1,000 queues."""
        answer = self._request("GET", "/pipe/queues")
        return dict(answer) if isinstance(answer, dict) else {}

    def peek(self, queue_name: str, limit: int = 10) -> List[QueueItem]:
        """Up to ``limit`` (1-1000) items, oldest first, without taking them."""
        answer = self._request("GET", f"/pipe/queue/{_segment(queue_name)}", query={"limit": limit})
        return [QueueItem.from_json(item) for item in answer or []]

    # --- items ----------------------------------------------------------------------------------------------

    def enqueue(self, queue_name: str, payload: Any, sender: str = "unknown", dedupe_key: Optional[str] = None) -> QueueItem:
        """Add a job; returns the stored item (``id``, ``created_at`` in ms since the epoch).

        ``dedupe_key``: a second enqueue with the same key within 5 minutes adds nothing and returns the first
        item, so a site computer may retry an enqueue whose answer it did not get.

        >>> pipe.enqueue("lcs1", {"request": "EVA_process_files", "request_content": ["x.fits.fz"]},
        ...              sender="lcs1", dedupe_key="pipes3_20220629_0042")  # doctest: +SKIP
        QueueItem(id='0639...', queue_name='lcs1', ...)
        """
        body: Dict[str, Any] = {"queue_name": queue_name, "payload": payload, "sender": sender}
        if dedupe_key is not None:
            body["dedupe_key"] = dedupe_key
        return QueueItem.from_json(self._request("POST", "/pipe/enqueue", body))

    @overload
    def dequeue(self, queue_name: str, lease_seconds: None = None, wait_seconds: int = 0, max: None = None) -> Optional[QueueItem]: ...

    @overload
    def dequeue(self, queue_name: str, lease_seconds: int, wait_seconds: int = 0, max: None = None) -> Optional[LeasedItem]: ...

    @overload
    def dequeue(self, queue_name: str, lease_seconds: None = None, wait_seconds: int = 0, *, max: int) -> List[QueueItem]: ...

    @overload
    def dequeue(self, queue_name: str, lease_seconds: int, wait_seconds: int = 0, *, max: int) -> List[LeasedItem]: ...

    def dequeue(
        self,
        queue_name: str,
        lease_seconds: Optional[int] = None,
        wait_seconds: int = 0,
        max: Optional[int] = None,  # noqa: A002 - the server's parameter name
    ) -> Union[None, QueueItem, LeasedItem, List[QueueItem], List[LeasedItem]]:
        """Take the oldest visible item(s).

        - ``lease_seconds``: lease instead of remove; the item (a :class:`LeasedItem`) comes back to the queue
          unless acknowledged (:meth:`ack`) within that time, or extended (:meth:`extend`).
        - ``wait_seconds`` (0-20): when the queue is empty, wait up to that long for an item (long poll).
        - ``max`` (1-32): take up to that many and return a list (``[]`` when empty); without it, one item or
          ``None`` when empty.

        A queue that does not exist raises :class:`NotFoundError`.

        >>> item = pipe.dequeue("lcs1", lease_seconds=600, wait_seconds=20)  # doctest: +SKIP
        >>> items = pipe.dequeue("lcs1", lease_seconds=600, wait_seconds=20, max=8)  # doctest: +SKIP
        """
        query: Dict[str, Any] = {}
        if lease_seconds is not None:
            query["lease_seconds"] = lease_seconds
        if wait_seconds:
            query["wait_seconds"] = wait_seconds
        if max is not None:
            query["max"] = max
        parse: Callable[[Mapping[str, Any]], QueueItem] = LeasedItem.from_json if lease_seconds is not None else QueueItem.from_json
        try:
            answer = self._request("POST", f"/pipe/queue/{_segment(queue_name)}/dequeue", query=query, extra_timeout=wait_seconds)
        except PipeError as error:
            if error.status == 404 and error.message.startswith(_EMPTY_PREFIX):
                return [] if max is not None else None
            raise
        if max is None:
            return parse(answer)
        return [parse(item) for item in answer]  # type: ignore[return-value]

    def ack(self, item: Union[LeasedItem, Lease]) -> None:
        """Delete a leased item: its work is done. :class:`ConflictError` when the lease was lost (it ran out and
        the item went to another consumer), :class:`NotFoundError` when the item is gone."""
        self._request("POST", f"/pipe/queue/{_segment(item.queue_name)}/ack", {"id": item.id, "receipt": item.receipt})

    def extend(self, item: Union[LeasedItem, Lease], lease_seconds: int) -> Lease:
        """Keep a leased item for ``lease_seconds`` from now; returns the new lease (same receipt).
        :class:`ConflictError` when the lease was already lost."""
        answer = self._request(
            "POST",
            f"/pipe/queue/{_segment(item.queue_name)}/extend",
            {"id": item.id, "receipt": item.receipt, "lease_seconds": lease_seconds},
        )
        return Lease.from_json(answer, fallback=item)

    def release(self, item: Union[LeasedItem, Lease]) -> None:
        """Give a leased item back: visible to the next dequeue at once. :class:`ConflictError` when the lease was
        already lost."""
        self._request("POST", f"/pipe/queue/{_segment(item.queue_name)}/release", {"id": item.id, "receipt": item.receipt})

    def dead(self, queue_name: str) -> List[QueueItem]:
        """The queue's dead letters: items leased ``max_deliveries`` times without an ack."""
        return [QueueItem.from_json(item) for item in self._request("GET", f"/pipe/queue/{_segment(queue_name)}/dead") or []]

    def redrive(self, queue_name: str, ids: Optional[Iterable[str]] = None) -> int:
        """Put dead letters back in the queue (those of ``ids``, or all); returns how many were put back."""
        body = None if ids is None else {"ids": list(ids)}
        answer = self._request("POST", f"/pipe/queue/{_segment(queue_name)}/redrive", body if body is not None else {})
        return int(answer.get("redriven", 0)) if isinstance(answer, dict) else 0

    # --- PIPE machine status ----------------------------------------------------------------------------------

    def report_status(self, pipe_id: str, status: str, details: Any = None, heartbeat_seconds: Optional[float] = None) -> PipeStatus:
        """Record this machine's status. ``heartbeat_seconds``: how often it will report; the status reads as
        ``stale`` once three heartbeats pass without a report. See :class:`StatusHeartbeat` to report in the background.

        >>> pipe.report_status("eco", "online", {"jobs_running": 0}, heartbeat_seconds=60)  # doctest: +SKIP
        PipeStatus(pipe_id='eco', status='online', last_updated=..., details={'jobs_running': 0}, stale=False)
        """
        body: Dict[str, Any] = {"pipe_id": pipe_id, "status": status, "details": {} if details is None else details}
        if heartbeat_seconds is not None:
            body["heartbeat_seconds"] = heartbeat_seconds
        return PipeStatus.from_json(self._request("POST", "/pipe/status", body))

    def get_status(self, pipe_id: str) -> Optional[PipeStatus]:
        """A machine's last status, or ``None`` when it never reported."""
        try:
            return PipeStatus.from_json(self._request("GET", f"/pipe/status/{_segment(pipe_id)}"))
        except PipeError as error:
            if error.status == 404:
                return None
            raise

    def statuses(self) -> List[PipeStatus]:
        """Every machine's status (the first page), by ``pipe_id``."""
        return [PipeStatus.from_json(status) for status in self._request("GET", "/pipe/statuses") or []]

    def delete_status(self, pipe_id: str) -> None:
        """Forget a machine's status."""
        self._request("DELETE", f"/pipe/status/{_segment(pipe_id)}")

    # --- the worker loop --------------------------------------------------------------------------------------

    def consume(
        self,
        queue_name: str,
        handler: Handler,
        lease_seconds: int = 300,
        wait_seconds: int = MAX_WAIT_SECONDS,
        batch: int = 1,
        stop: Optional[threading.Event] = None,
        max_items: Optional[int] = None,
        retry_seconds: float = 5.0,
    ) -> int:
        """Work through a queue until ``stop`` is set (or ``max_items`` items were handled); returns how many were.

        Each turn long-polls (``wait_seconds``) for up to ``batch`` items under a lease of ``lease_seconds``, then
        calls ``handler(item)`` for each in order. While the handler works, a background thread extends the
        lease of every item still held (each third of ``lease_seconds``), so a long job keeps its item however
        long it takes, yet the item of a machine that dies comes back within ``lease_seconds``. When the handler
        returns, the item is acknowledged; when it raises, the exception is logged and the item released, visible
        again at once (a queue created with ``max_deliveries`` moves an item that keeps failing to its dead
        letters). Items of a batch not yet started when ``stop`` is set are released.

        A server or network fault on dequeue is logged and retried after ``retry_seconds``; a refusal (4xx, e.g.
        the queue does not exist) raises. ``stop`` is seen between items and between polls, so stopping takes up
        to ``wait_seconds`` plus the current handler's time.

        Example::

            stop = threading.Event()

            def handle(item: LeasedItem) -> None:
                run_eva(item.payload["request_content"])  # raise to give the item back

            pipe.consume("lcs1", handle, lease_seconds=300, stop=stop)
        """
        return consume_queue(self, queue_name, handler, lease_seconds, wait_seconds, batch, stop, max_items, retry_seconds)

    # --- transport ------------------------------------------------------------------------------------------

    def _request(
        self,
        method: str,
        path: str,
        body: Any = None,
        query: Optional[Mapping[str, Any]] = None,
        extra_timeout: float = 0,
    ) -> Any:
        url = self.base_url + path
        if query:
            url += "?" + urllib.parse.urlencode(query)
        data = None
        headers = {"Accept": "application/json", "User-Agent": self.user_agent}
        if body is not None:
            data = json.dumps(body).encode("utf-8")
            headers["Content-Type"] = "application/json"
        elif method == "POST":
            data = b""
        request = urllib.request.Request(url, data=data, headers=headers, method=method)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout + extra_timeout) as response:
                raw = response.read()
        except urllib.error.HTTPError as error:
            text = error.read().decode("utf-8", "replace")
            raise error_for_status(error.code, _error_text(text, error.reason), method, url) from None
        except (urllib.error.URLError, socket.timeout, ConnectionError, TimeoutError) as error:
            reason = getattr(error, "reason", error)
            raise PipeUnavailableError(None, f"{type(reason).__name__}: {reason}", method, url) from error
        return json.loads(raw) if raw else None


def _segment(name: str) -> str:
    """A queue name or PIPE id as one path segment."""
    return urllib.parse.quote(name, safe="")


def _error_text(body: str, reason: Any) -> str:
    """The server's ``{"error": ...}`` text, else the body as sent, else the HTTP reason phrase."""
    try:
        parsed = json.loads(body)
        if isinstance(parsed, dict):
            text = parsed.get("error") or parsed.get("message")
            if isinstance(text, str):
                return text
    except ValueError:
        pass
    return body.strip() or str(reason)
