"""Load, in a background thread, the libraries a harvest needs only after its first build.

Building a package keeps the interpreter mostly idle: the column engine and the row writer run
in C without the interpreter lock. Meanwhile this thread imports Frictionless (the validation
report at the end of each build) and loads the segmenter, pinyin and folding dictionaries (the
search index of each published version), which would otherwise cost about half a second of
every harvest's wall time when they are first used.

Then it freezes the collector's view of everything loaded so far (`gc.freeze`): those millions
of dictionary objects live as long as the process, and without this every full collection walks
them again, the one at interpreter exit included (about half a second of a harvest's end).
Done once per process; a cycle of garbage that exists at that moment is kept, not collected.
"""

import gc
import logging
import threading

log = logging.getLogger(__name__)
_started = threading.Event()


def warm_up_in_background() -> None:
    """Start the loading once per process; later calls return at once."""
    if _started.is_set():
        return
    _started.set()
    threading.Thread(target=_load, name="warm-up", daemon=True).start()


def _load() -> None:
    try:
        import frictionless  # noqa: F401

        from portal.search_text import load_dictionaries

        load_dictionaries()
        gc.freeze()
    except Exception as error:  # whatever failed here fails again, with its context, where used
        log.debug("warm-up incomplete: %s", error)
