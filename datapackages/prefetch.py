"""Run an iterator one item ahead in a worker thread, so reading overlaps with what uses the items.

The column engine releases the interpreter lock while it works: the next batch is read and
converted on one core while the current one is screened, checked and written on the other.
Items and exceptions arrive in the iterator's own order; stopping early stops the worker.
"""

import contextlib
import queue
import threading
from collections.abc import Iterator
from typing import TypeVar

T = TypeVar("T")
_END = object()


def prefetched(items: Iterator[T], ahead: int = 1) -> Iterator[T]:
    """The items of `items`, computed in a worker thread up to `ahead` items before asked for."""
    handoff: queue.Queue = queue.Queue(maxsize=ahead)
    stop = threading.Event()

    def work() -> None:
        try:
            for item in items:
                if stop.is_set():
                    return
                handoff.put((item, None))
            handoff.put((_END, None))
        except BaseException as exc:  # handed to the consumer, raised there in order
            handoff.put((_END, exc))

    worker = threading.Thread(target=work, name="prefetch", daemon=True)
    worker.start()
    try:
        while True:
            item, error = handoff.get()
            if error is not None:
                raise error
            if item is _END:
                return
            yield item
    finally:
        stop.set()
        while worker.is_alive():  # a worker blocked on a full queue needs room to see `stop`
            with contextlib.suppress(queue.Empty):
                handoff.get(timeout=0.05)
        worker.join()
        close = getattr(items, "close", None)
        if close is not None:
            close()  # releases the file even when the consumer stopped early
