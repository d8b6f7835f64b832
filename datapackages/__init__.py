"""The packaging step: decode, normalise, screen, validate and publish immutable data packages."""

from datapackages.build import BuildResult, build_package
from datapackages.errors import PackagingError
from datapackages.store import PackageStore

__all__ = ["BuildResult", "PackageStore", "PackagingError", "build_package"]
