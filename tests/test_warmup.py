"""The background warm-up: libraries loaded with the collector off, then frozen and left on."""

import subprocess
import sys
import textwrap

PROBE = textwrap.dedent(
    """
    import gc, sys, threading
    import portal.search_text as search_text
    from portal.warmup import warm_up_in_background
    assert "frictionless" not in sys.modules and "rjieba" not in sys.modules
    collecting_while_loading = []
    load = search_text.load_dictionaries

    def watched_load():
        collecting_while_loading.append(gc.isenabled())
        load()

    search_text.load_dictionaries = watched_load
    warm_up_in_background()
    warm_up_in_background()  # once per process
    loaders = [t for t in threading.enumerate() if t.name == "warm-up"]
    assert len(loaders) <= 1, loaders
    for loader in loaders:
        loader.join(60)
    print(collecting_while_loading == [False], gc.isenabled(), gc.get_freeze_count() > 0,
          "frictionless" in sys.modules, "rjieba" in sys.modules)
    """
)


def run_probe(*setup: str) -> list[str]:
    code = "\n".join(setup) + PROBE
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    return done.stdout.split()


def test_warm_up_loads_with_the_collector_off_then_freezes_and_turns_it_back_on():
    assert run_probe() == ["True", "True", "True", "True", "True"]


def test_warm_up_leaves_a_disabled_collector_disabled():
    assert run_probe("import gc; gc.disable()")[:2] == ["True", "False"]
