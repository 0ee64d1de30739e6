"""``edition new``: a fresh project folder with a project file and an example transcript."""

from __future__ import annotations

from pathlib import Path

from .errors import EditionError
from .fsio import write_text_atomic

PROJECT_TEMPLATE = '''# The edition project: which transcripts, where the outputs go.
[edition]
title = "{title}"
publisher = "{publisher}"
output = "output"
# register = "sources/register.toml"   # persons, places, organisations
# base_url = "https://example.org/my-edition/"   # where the site is published: absolute URLs in citations
# introduction = """What the edition is, for its home page."""
# version = "1.0"                       # the edition's version, in every deposit record
# date = "2026"                         # the year the edition is published, for every document whose
#                                       # editorial file gives none (deposit records require one)

# [[editor]]                            # the editors, credited in the records (docs/deposit.md)
# name = "Your name"
# given_name = "Your"
# family_name = "Name"
# orcid = "0000-0000-0000-0000"
# affiliation = "Your institution"
# ror = "https://ror.org/…"

# One [[document]] per transcript: a transcript added to sources/ is published once it is listed here
# ('edition build' warns about a sources/*.txt that is not).
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
bracket_resp = "editor"          # who wrote the [square brackets] of this transcript: the editor, not a translator

[edition]
{editor_line}
date = "{year}"                  # the year the edition is published
licence = "CC BY 4.0"
licence_url = "https://creativecommons.org/licenses/by/4.0/"
introduction = """
An example edition: replace this with the editors' introduction. It is also the description that the
deposit records (Zenodo requires one) carry when the document has no abstract.
"""

[[participant]]                      # who takes part: the speaker labels are read against these
id = "chairman"
name = "Chairman"

[[participant]]
id = "guest"
name = "Guest"
'''


def _toml_string(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"')


def create_project(folder: Path, title: str | None = None, *, editor: str = "", publisher: str = "",
                   year: int | None = None) -> Path:
    """Create the project; refuse to overwrite an existing project file.

    ``title`` defaults to the folder's name; with no ``editor`` the editorial file names none (the
    header then says "the editors of this edition"); the publisher defaults to the editor.
    """
    import datetime

    project_file = folder / "edition.toml"
    if project_file.exists():
        raise EditionError("a project already exists here", path=str(project_file))
    for existing in (folder / "sources" / "example.txt", folder / "sources" / "example.toml"):
        if existing.exists() or existing.is_symlink():
            raise EditionError("this file is already there and would be replaced by the example: move it away "
                               "or start the project in another folder", path=str(existing))
    title = title or folder.resolve().name
    editor_line = (f'editor = "{_toml_string(editor)}"' if editor
                   else '# editor = "…"                 # who edited the edition (named in the header and citations)')
    metadata = EXAMPLE_METADATA.format(editor_line=editor_line, year=year or datetime.date.today().year)
    write_text_atomic(folder / "sources" / "example.txt", EXAMPLE_TRANSCRIPT)
    write_text_atomic(folder / "sources" / "example.toml", metadata)
    write_text_atomic(project_file, PROJECT_TEMPLATE.format(title=_toml_string(title),
                                                            publisher=_toml_string(publisher or editor)))
    return project_file
