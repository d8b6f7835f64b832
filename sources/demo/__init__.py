"""Generator of the demo source files under sources/ (run ``sources/generate_demo.py``).

These files stand in for the departmental systems of Heilongjiang province (黑龙江省) that the
portal harvests. Everything is fictitious but realistic: real place names and division codes,
random (seeded, so deterministic) institutions, companies, people and figures.

Layout:

- ``tables``: divisions, street and place names, brands, names (data only)
- ``common``: paths, seeded random sources, geography objects, ID/mobile/credit-code makers
- ``writers``: deterministic CSV/JSON/XLSX writers and the file specs
- one module per department (``health``, ``education``, ``civil_affairs`` and ``dibao``,
  ``hrss``, ``market_licences`` and ``market_enforcement`` with ``market_tables``,
  ``transport``, ``environment``, ``development_reform``, ``housing``, ``culture``)
- ``readback`` and ``selfcheck``: the self-check that re-reads every file
- ``run``: the generators in order, and ``main``
"""

from .run import GENERATORS, main

__all__ = ["GENERATORS", "main"]
