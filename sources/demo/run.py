"""Run every generator in order, then the self-check."""

from __future__ import annotations

from collections.abc import Callable

from . import (
    civil_affairs,
    culture,
    development_reform,
    dibao,
    education,
    environment,
    health,
    housing,
    hrss,
    market_enforcement,
    market_licences,
    transport,
)
from .common import SOURCES
from .selfcheck import check_catalogue, check_files
from .writers import SPECS

# The order matters where one generator reuses another's output (vaccination clinics are in
# hospitals, rental allocations in rental projects); each has its own random source otherwise.
GENERATORS: list[Callable[[], tuple[str, int]]] = [
    health.gen_hospitals,
    health.gen_vaccination,
    education.gen_schools,
    education.gen_kindergartens,
    civil_affairs.gen_elderly_care,
    dibao.gen_dibao_statistics,
    dibao.gen_dibao_recipients,
    civil_affairs.gen_social_organizations,
    hrss.gen_employment_agencies,
    hrss.gen_job_fairs,
    market_licences.gen_pharmacies,
    market_licences.gen_licensing,
    market_enforcement.gen_penalties,
    market_enforcement.gen_food_sampling,
    transport.gen_bus_routes,
    transport.gen_passenger_stations,
    environment.gen_air_quality,
    environment.gen_water_quality,
    development_reform.gen_price_monitoring,
    housing.gen_construction_permits,
    housing.gen_public_rental_projects,
    housing.gen_public_rental_allocation,
    culture.gen_cultural_venues,
]


def self_check() -> tuple[list[str], bool]:
    """(problems, whether catalogue.yaml was checked too)."""
    problems = check_files()
    cat_problems = check_catalogue()
    if cat_problems is None:
        print("self-check: catalogue check skipped (no PyYAML or no catalogue.yaml)")
        return problems, False
    return problems + cat_problems, True


def main(argv: list[str]) -> int:
    """Write every file, then self-check them; 0 if all is well, 1 otherwise."""
    for gen in GENERATORS:
        path, n = gen()
        size = (SOURCES / path).stat().st_size
        print(f"  wrote sources/{path:<50} {n:>6} rows {size / 1024:>7.1f} KiB")
    problems, catalogue_checked = self_check()
    if problems:
        print("self-check FAILED:")
        for p in problems:
            print("  -", p)
        return 1
    total = sum((SOURCES / p).stat().st_size for p in SPECS)
    print(
        f"self-check passed: {len(SPECS)} files, {total / 1024 / 1024:.2f} MiB, personal data only "
        f"in declared personal columns"
        + ("; catalogue.yaml consistent" if catalogue_checked else "")
    )
    return 0
