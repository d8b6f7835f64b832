"""Load, in a background thread, the libraries a harvest needs only at the end of its first build.

A package's rows stream through both cores; then its row file is indexed on one core while the
build hashes the package and writes its reports. That is when this thread runs (the row sink
starts it when the first resource's rows end, portal/rowfile_sink.py): it imports Frictionless
(the validation report) and loads the segmenter, pinyin and folding dictionaries (the search
index of each published version), beside the indexing. Loaded on first use instead, they would
cost about half a second of every harvest's wall time; loaded while the rows stream, they would
take more than that from the build, holding the interpreter lock its threads need between their
calls into C. (A dataset of several resources loads them while its next resource streams.)

The collector is off while they load (in the whole process, for about half a second): the
millions of objects they make would otherwise set off several full collections, each walking all
of them again while holding the interpreter lock.
Then it freezes the collector's view of everything loaded so far (`gc.freeze`): those objects
live as long as the process, and without this every later full collection walks them, the one
at interpreter exit included (about half a second of a harvest's end). Done once per process; a
cycle of garbage that exists at that moment is kept, not collected.
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
    collecting = gc.isenabled()
    gc.disable()
    try:
        import frictionless  # noqa: F401

        from portal.search_text import load_dictionaries

        load_dictionaries()
        gc.freeze()
    except Exception as error:  # whatever failed here fails again, with its context, where used
        log.debug("warm-up incomplete: %s", error)
    finally:
        if collecting:
            gc.enable()
