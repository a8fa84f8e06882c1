"""The client against a real running API: PHOTONRANCH_PIPE_API_URL is its base URL (the xunit PythonClientTests
start one and run these). Each test uses queues and PIPE ids of its own."""

from __future__ import annotations

import os
import threading
import time
import unittest
import uuid
from typing import List

from photonranch_pipe import (
    BadRequestError,
    ConflictError,
    LeasedItem,
    NotFoundError,
    PipeClient,
    PipeUnavailableError,
    QueueItem,
    StatusHeartbeat,
)


def setUpModule() -> None:
    if not os.environ.get("PHOTONRANCH_PIPE_API_URL"):
        raise RuntimeError("Set PHOTONRANCH_PIPE_API_URL to the base URL of a running API, e.g. http://localhost:7071")


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


class PipeClientTests(unittest.TestCase):
    def setUp(self) -> None:
        self.pipe = PipeClient(os.environ["PHOTONRANCH_PIPE_API_URL"], timeout=30)
        self.queue = unique("py")
        self.assertTrue(self.pipe.create_queue(self.queue))

    def test_enqueue_then_dequeue_round_trips_the_payload(self) -> None:
        payload = {"request": "EVA_process_files", "request_content": ["a.fits.fz", "b.fits.fz"], "n": 2}
        enqueued = self.pipe.enqueue(self.queue, payload, sender="lcs1")

        item = self.pipe.dequeue(self.queue)

        self.assertIsInstance(item, QueueItem)
        assert item is not None
        self.assertEqual(enqueued.id, item.id)
        self.assertEqual(payload, item.payload)
        self.assertEqual("lcs1", item.sender)
        self.assertEqual(self.queue, item.queue_name)
        self.assertGreater(item.created_at, 1_600_000_000_000)
        self.assertIsNone(self.pipe.dequeue(self.queue))

    def test_an_empty_queue_is_none_or_an_empty_list_and_a_missing_queue_raises_with_the_server_text(self) -> None:
        self.assertIsNone(self.pipe.dequeue(self.queue))
        self.assertIsNone(self.pipe.dequeue(self.queue, lease_seconds=30))
        self.assertEqual([], self.pipe.dequeue(self.queue, lease_seconds=30, max=4))
        missing = unique("missing")

        with self.assertRaises(NotFoundError) as raised:
            self.pipe.dequeue(missing)

        self.assertEqual(404, raised.exception.status)
        self.assertEqual(f"Queue does not exist: {missing}", raised.exception.message)
        with self.assertRaises(ConflictError) as exists:
            self.pipe.create_queue(self.queue)
        self.assertEqual(f"Queue already exists: {self.queue}", exists.exception.message)
        self.assertFalse(self.pipe.create_queue(self.queue, exist_ok=True))

    def test_a_refusal_and_an_unreachable_api_raise_with_what_went_wrong(self) -> None:
        with self.assertRaises(BadRequestError) as refused:
            self.pipe.dequeue(self.queue, wait_seconds=21)
        with self.assertRaises(PipeUnavailableError) as unreachable:
            PipeClient("http://127.0.0.1:9", timeout=5).enqueue(self.queue, {"job": 1})

        self.assertEqual(400, refused.exception.status)
        self.assertEqual("Parameter 'wait_seconds' must be a whole number from 0 to 20.", refused.exception.message)
        self.assertIn("wait_seconds", str(refused.exception))
        self.assertIsNone(unreachable.exception.status)
        self.assertIn("127.0.0.1:9/pipe/enqueue", str(unreachable.exception))

    def test_consume_acknowledges_what_the_handler_finished(self) -> None:
        ids = [self.pipe.enqueue(self.queue, {"job": n}).id for n in range(3)]
        seen: List[LeasedItem] = []

        handled = self.pipe.consume(self.queue, seen.append, lease_seconds=30, wait_seconds=1, max_items=3)

        self.assertEqual(3, handled)
        self.assertEqual(ids, [item.id for item in seen])
        self.assertEqual([{"job": n} for n in range(3)], [item.payload for item in seen])
        self.assertEqual([], self.pipe.peek(self.queue))
        self.assertEqual(0, self.pipe.queues()[self.queue])

    def test_consume_releases_an_item_whose_handler_raises_and_takes_it_again_at_once(self) -> None:
        item_id = self.pipe.enqueue(self.queue, {"job": "flaky"}).id
        deliveries: List[int] = []

        def flaky(item: LeasedItem) -> None:
            deliveries.append(item.delivery_count)
            if len(deliveries) == 1:
                raise RuntimeError("EVA crashed")

        started = time.monotonic()
        with self.assertLogs("photonranch_pipe", "ERROR") as logs:
            handled = self.pipe.consume(self.queue, flaky, lease_seconds=40, wait_seconds=1, max_items=2)

        self.assertEqual(2, handled)
        self.assertEqual([1, 2], deliveries)
        # Released, not left to its 40 s lease.
        self.assertLess(time.monotonic() - started, 30)
        self.assertIn(item_id, logs.output[0])
        self.assertIn("EVA crashed", "\n".join(logs.output))
        self.assertEqual([], self.pipe.peek(self.queue))

    def test_consume_extends_the_lease_while_a_slow_handler_runs(self) -> None:
        item_id = self.pipe.enqueue(self.queue, {"job": "slow"}).id
        taken_by_others: List[str] = []
        handler_started = threading.Event()
        handler_done = threading.Event()

        def other_machine() -> None:
            handler_started.wait(30)
            while not handler_done.is_set():
                other = self.pipe.dequeue(self.queue, lease_seconds=60)
                if other is not None:
                    taken_by_others.append(other.id)
                time.sleep(0.3)

        def slow(item: LeasedItem) -> None:
            handler_started.set()
            time.sleep(8)  # well past the 3 s lease

        watcher = threading.Thread(target=other_machine)
        watcher.start()
        try:
            handled = self.pipe.consume(self.queue, slow, lease_seconds=3, wait_seconds=0, max_items=1)
        finally:
            handler_done.set()
            watcher.join()

        self.assertEqual(1, handled)
        self.assertEqual([], taken_by_others)
        self.assertEqual([], self.pipe.peek(self.queue), f"{item_id} was not acknowledged")

    def test_a_long_poll_answers_soon_after_an_enqueue_from_another_thread(self) -> None:
        enqueued: List[QueueItem] = []
        enqueued_at: List[float] = []

        def enqueue_late() -> None:
            enqueued.append(self.pipe.enqueue(self.queue, {"job": "late"}))
            enqueued_at.append(time.monotonic())

        timer = threading.Timer(1.5, enqueue_late)
        started = time.monotonic()
        timer.start()

        item = self.pipe.dequeue(self.queue, lease_seconds=30, wait_seconds=15)

        answered_at = time.monotonic()
        timer.join()
        self.assertIsNotNone(item)
        assert item is not None
        self.assertEqual(enqueued[0].id, item.id)
        self.assertGreaterEqual(answered_at - started, 1.4)
        # The issue asks for 1 s; the slack is for a loaded test machine, far below the 15 s wait.
        self.assertLess(answered_at - enqueued_at[0], 2.0, "the long poll answered long after the enqueue")

    def test_a_long_poll_on_an_empty_queue_waits_then_answers_none(self) -> None:
        started = time.monotonic()

        item = self.pipe.dequeue(self.queue, wait_seconds=2)

        self.assertIsNone(item)
        self.assertGreaterEqual(time.monotonic() - started, 1.9)

    def test_a_batch_takes_the_oldest_items_once_each(self) -> None:
        ids = [self.pipe.enqueue(self.queue, {"job": n}).id for n in range(5)]

        first = self.pipe.dequeue(self.queue, lease_seconds=30, max=3)
        rest = self.pipe.dequeue(self.queue, lease_seconds=30, max=32)

        self.assertEqual(ids[:3], [item.id for item in first])
        self.assertEqual(ids[3:], [item.id for item in rest])
        for item in first + rest:
            self.pipe.ack(item)
        self.assertEqual([], self.pipe.dequeue(self.queue, max=32))

    def test_consume_in_batches_handles_every_item_once(self) -> None:
        ids = [self.pipe.enqueue(self.queue, {"job": n}).id for n in range(7)]
        seen: List[str] = []

        handled = self.pipe.consume(self.queue, lambda item: seen.append(item.id), lease_seconds=30, wait_seconds=1, batch=4, max_items=7)

        self.assertEqual(7, handled)
        self.assertEqual(ids, seen)
        self.assertEqual([], self.pipe.peek(self.queue))

    def test_stopping_mid_batch_releases_the_items_not_started(self) -> None:
        ids = [self.pipe.enqueue(self.queue, {"job": n}).id for n in range(3)]
        stop = threading.Event()
        seen: List[str] = []

        def first_then_stop(item: LeasedItem) -> None:
            seen.append(item.id)
            stop.set()

        handled = self.pipe.consume(self.queue, first_then_stop, lease_seconds=120, wait_seconds=1, batch=3, stop=stop)

        self.assertEqual(1, handled)
        self.assertEqual(ids[:1], seen)
        again = self.pipe.dequeue(self.queue, lease_seconds=30, max=32)
        self.assertEqual(ids[1:], [item.id for item in again])

    def test_extend_release_and_ack_with_a_stale_receipt_are_conflicts(self) -> None:
        self.pipe.enqueue(self.queue, {"job": 1})
        first = self.pipe.dequeue(self.queue, lease_seconds=1)
        assert first is not None
        second = None
        deadline = time.monotonic() + 30
        while second is None and time.monotonic() < deadline:
            time.sleep(0.3)
            second = self.pipe.dequeue(self.queue, lease_seconds=60)
        assert second is not None

        for call in (self.pipe.ack, self.pipe.release, lambda item: self.pipe.extend(item, 60)):
            with self.assertRaises(ConflictError):
                call(first)
        lease = self.pipe.extend(second, 600)

        self.assertEqual(2, second.delivery_count)
        self.assertEqual(second.receipt, lease.receipt)
        self.assertGreater(lease.lease_expires_at, second.lease_expires_at)
        self.pipe.ack(lease)
        self.assertIsNone(self.pipe.dequeue(self.queue))

    def test_a_released_item_is_visible_again_at_once(self) -> None:
        item_id = self.pipe.enqueue(self.queue, {"job": 1}).id
        leased = self.pipe.dequeue(self.queue, lease_seconds=600)
        assert leased is not None

        self.pipe.release(leased)
        again = self.pipe.dequeue(self.queue, lease_seconds=600)

        assert again is not None
        self.assertEqual(item_id, again.id)
        self.assertEqual(2, again.delivery_count)

    def test_an_enqueue_with_a_seen_dedupe_key_answers_the_first_item_and_adds_nothing(self) -> None:
        key = unique("pipes3")
        first = self.pipe.enqueue(self.queue, {"job": "once"}, sender="lcs1", dedupe_key=key)
        second = self.pipe.enqueue(self.queue, {"job": "once"}, sender="lcs1", dedupe_key=key)
        other = self.pipe.enqueue(self.queue, {"job": "other"}, sender="lcs1", dedupe_key=unique("pipes3"))

        self.assertEqual(first.id, second.id)
        self.assertNotEqual(first.id, other.id)
        self.assertEqual([first.id, other.id], [item.id for item in self.pipe.peek(self.queue)])

    def test_an_item_that_keeps_failing_goes_to_the_dead_letters_and_redrive_puts_it_back(self) -> None:
        queue = unique("py-dead")
        self.pipe.create_queue(queue, max_deliveries=2)
        item_id = self.pipe.enqueue(queue, {"job": "poison"}).id

        def always_fails(item: LeasedItem) -> None:
            raise ValueError("bad FITS header")

        with self.assertLogs("photonranch_pipe", "ERROR"):
            handled = self.pipe.consume(queue, always_fails, lease_seconds=60, wait_seconds=1, max_items=2)
        after = self.pipe.dequeue(queue, lease_seconds=60)
        dead = self.pipe.dead(queue)
        redriven = self.pipe.redrive(queue)
        back = self.pipe.dequeue(queue, lease_seconds=60)

        self.assertEqual(2, handled)
        self.assertIsNone(after)
        self.assertEqual([item_id], [item.id for item in dead])
        self.assertEqual({"job": "poison"}, dead[0].payload)
        self.assertEqual(1, redriven)
        assert back is not None
        self.assertEqual(item_id, back.id)
        self.assertEqual([], self.pipe.dead(queue))


class StatusHeartbeatTests(unittest.TestCase):
    def setUp(self) -> None:
        self.pipe = PipeClient(os.environ["PHOTONRANCH_PIPE_API_URL"], timeout=30)
        self.pipe_id = unique("eco")

    def test_the_heartbeat_reports_until_stopped_and_the_status_then_turns_stale(self) -> None:
        jobs = [0]
        beat = StatusHeartbeat(self.pipe, self.pipe_id, details=lambda: {"jobs_running": jobs[0]}, heartbeat_seconds=2, final_status=None)

        with beat:
            first = self._wait_for(lambda status: status is not None, "a first report")
            jobs[0] = 2
            later = self._wait_for(lambda status: status is not None and status.details == {"jobs_running": 2}, "a later report")
            self.assertEqual("online", first.status)
            self.assertFalse(first.stale)
            self.assertGreater(later.last_updated, first.last_updated)
            self.assertFalse(later.stale)
            self.assertIs(False, beat.last.stale if beat.last else None)

        stale = self._wait_for(lambda status: status is not None and status.stale is True, "the status to turn stale", timeout=20)
        self.assertEqual({"jobs_running": 2}, stale.details)

    def test_stopping_the_heartbeat_reports_the_final_status(self) -> None:
        with StatusHeartbeat(self.pipe, self.pipe_id, heartbeat_seconds=30) as beat:
            beat.update("draining")
            self._wait_for(lambda status: status is not None and status.status == "draining", "the update")

        status = self.pipe.get_status(self.pipe_id)
        assert status is not None
        self.assertEqual("offline", status.status)
        self.pipe.delete_status(self.pipe_id)
        self.assertIsNone(self.pipe.get_status(self.pipe_id))

    def _wait_for(self, condition, what: str, timeout: float = 10):  # type: ignore[no-untyped-def]
        deadline = time.monotonic() + timeout
        while True:
            status = self.pipe.get_status(self.pipe_id)
            if condition(status):
                return status
            if time.monotonic() > deadline:
                self.fail(f"timed out waiting for {what}; last status: {status}")
            time.sleep(0.2)


if __name__ == "__main__":
    unittest.main()
