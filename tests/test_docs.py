"""The README keeps up with the command line."""

from __future__ import annotations

import re

from edition.cli import cli


def test_readme_opens_with_the_two_commands(repo_root):
    readme = (repo_root / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```sh\n(.*?)```", readme, re.S).group(1).splitlines()
    assert block[0].startswith("scripts/bootstrap && .venv/bin/edition build")
    assert block[1].startswith(".venv/bin/python -m pytest")
    ci = (repo_root / ".ci" / "run").read_text(encoding="utf-8")
    assert ".venv/bin/python -m pytest" in ci and "scripts/bootstrap" in ci


def test_readme_documents_every_command(repo_root):
    readme = (repo_root / "README.md").read_text(encoding="utf-8")
    for name in cli.commands:
        assert f"edition {name}" in readme, f"README does not show 'edition {name}'"
