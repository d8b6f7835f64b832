import threading

import pytest

from datapackages.prefetch import prefetched


def _numbers(count: int, fail_at: int | None = None, closed: list | None = None):
    try:
        for n in range(count):
            if n == fail_at:
                raise ValueError(f"bad item {n}")
            yield n
    finally:
        if closed is not None:
            closed.append(threading.current_thread().name)


def test_prefetched_items_and_error_arrive_in_the_iterators_order():
    seen = []
    with pytest.raises(ValueError, match="bad item 5"):
        for n in prefetched(_numbers(10, fail_at=5)):
            seen.append(n)
    assert seen == [0, 1, 2, 3, 4]


def test_stopping_early_stops_the_worker_and_closes_the_iterator():
    closed: list[str] = []
    items = prefetched(_numbers(1000, closed=closed), ahead=2)
    assert [next(items) for _ in range(3)] == [0, 1, 2]
    items.close()
    assert closed  # the source's `finally` ran: its file would be released
    assert not [t for t in threading.enumerate() if t.name == "prefetch"]
