"""The background warm-up: libraries loaded, the collector frozen over them and left running."""

import subprocess
import sys
import textwrap

PROBE = textwrap.dedent(
    """
    import gc, sys, threading
    from portal.warmup import warm_up_in_background
    assert "frictionless" not in sys.modules and "rjieba" not in sys.modules
    warm_up_in_background()
    warm_up_in_background()  # once per process
    loaders = [t for t in threading.enumerate() if t.name == "warm-up"]
    assert len(loaders) == 1, loaders
    loaders[0].join(60)
    print(gc.isenabled(), gc.get_freeze_count() > 0, "frictionless" in sys.modules,
          "rjieba" in sys.modules)
    """
)


def run_probe(*setup: str) -> list[str]:
    code = "\n".join(setup) + PROBE
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    return done.stdout.split()


def test_warm_up_loads_freezes_and_leaves_the_collector_on():
    assert run_probe() == ["True", "True", "True", "True"]


def test_warm_up_leaves_a_disabled_collector_disabled():
    assert run_probe("import gc; gc.disable()")[0] == "False"
