"""SIGKILL during `portal harvest`: the last good version stays whole and the catalogue agrees.
(benchmarks/harvest_kill.py runs many more kill points and reports the counts.)"""

from kill_points import kill_at_random_points


def test_harvest_killed_at_random_points_leaves_store_whole(tmp_path):
    report = kill_at_random_points(tmp_path, points=3, rows=8_000, seed=20261130)
    assert report.points == 3
    assert report.killed_mid_run >= 1  # the kills landed inside runs, not after them
    assert report.inconsistent == []
    assert report.needed_repair_after_next_run == 0
