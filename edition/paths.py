"""Where the tool's own files are: the package, and beside it the stylesheets and schemas it ships.

Every module names these folders through here, wherever it sits in the package.
"""

from __future__ import annotations

from pathlib import Path

#: The ``edition`` package (its code, every ``*.py`` under it).
PACKAGE_DIR = Path(__file__).resolve().parent
#: The folder that holds the package, ``xslt/`` and ``schema/``.
ROOT_DIR = PACKAGE_DIR.parent
#: The stylesheets (``xslt/``) and their assets.
XSLT_DIR = ROOT_DIR / "xslt"
#: The schemas (``schema/``): the ODD, the RELAX NG and Schematron made from it, the deposit schemas.
SCHEMA_DIR = ROOT_DIR / "schema"
