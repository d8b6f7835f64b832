#!/usr/bin/env python3
"""Generate the demo source files under sources/, then self-check them.

    .venv/bin/python sources/generate_demo.py

The generator itself is the package sources/demo/ (see its docstring and sources/README.md).
Only the standard library and openpyxl are needed; PyYAML, if importable, adds the check of
catalogue.yaml against the files.
"""

import sys

from demo import main  # sources/ is on sys.path when this file is run as a script

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
