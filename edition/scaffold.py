"""``edition new``: a fresh project folder with a project file and an example transcript."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from .errors import EditionError
from .fsio import write_text_atomic

PROJECT_TEMPLATE = '''# The edition project: which transcripts, where the outputs go.
[edition]
title = "{title}"
publisher = ""
output = "output"
# register = "sources/register.toml"   # persons, places, organisations
# version = "1.0"                       # the edition's version, in every deposit record
# url = "https://example.org/edition/"  # where the HTML edition will be published

# [[editor]]                            # the editors, credited in the records (docs/deposit.md)
# name = "Your name"
# given_name = "Your"
# family_name = "Name"
# orcid = "0000-0000-0000-0000"
# affiliation = "Your institution"
# ror = "https://ror.org/…"

[[document]]
source = "sources/example.txt"

[schema]
# tei_all = "/path/to/tei_all.rng"      # or set EDITION_TEI_ALL
'''

EXAMPLE_TRANSCRIPT = '''Record of a conversation, 1 March 1960

(The conversation began at 10:00.)

The delegates were received in the small hall.

Chairman: Welcome to our guests.

Guest: Thank you. [We are] glad to be here. (Laughter).

Recorded by A. Clerk.
'''

EXAMPLE_METADATA = '''# Facts the transcript does not state, and the editor's decisions.
id = "example"
language = "en"

[edition]
editor = "Your name"
date = "{year}"
licence = "CC BY 4.0"
licence_url = "https://creativecommons.org/licenses/by/4.0/"
introduction = """
An example edition: replace this with the editors' introduction. It is also the description that the
deposit records (Zenodo requires one) carry when the document has no abstract.
"""
'''


def create_project(folder: Path, title: str) -> Path:
    """Create the project; refuse to overwrite an existing project file."""
    project_file = folder / "edition.toml"
    if project_file.exists():
        raise EditionError("a project already exists here", path=str(project_file))
    for existing in (folder / "sources" / "example.txt", folder / "sources" / "example.toml"):
        if existing.exists() or existing.is_symlink():
            raise EditionError("this file is already there and would be replaced by the example: move it away "
                               "or start the project in another folder", path=str(existing))
    safe_title = title.replace("\\", "\\\\").replace('"', '\\"')
    write_text_atomic(folder / "sources" / "example.txt", EXAMPLE_TRANSCRIPT)
    write_text_atomic(folder / "sources" / "example.toml", EXAMPLE_METADATA.format(year=date.today().year))
    write_text_atomic(project_file, PROJECT_TEMPLATE.format(title=safe_title))
    return project_file
