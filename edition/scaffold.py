"""``edition new``: a fresh project folder with a project file and an example transcript."""

from __future__ import annotations

from pathlib import Path

from .errors import EditionError
from .fsio import write_text_atomic

PROJECT_TEMPLATE = '''# The edition project: which transcripts, where the outputs go.
[edition]
title = "{title}"
publisher = ""
output = "output"
# register = "sources/register.toml"   # persons, places, organisations

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
licence = "CC BY 4.0"
licence_url = "https://creativecommons.org/licenses/by/4.0/"

[[participant]]                      # who takes part: the speaker labels are read against these
id = "chairman"
name = "Chairman"

[[participant]]
id = "guest"
name = "Guest"
'''


def create_project(folder: Path, title: str) -> Path:
    """Create the project; refuse to overwrite an existing project file."""
    project_file = folder / "edition.toml"
    if project_file.exists():
        raise EditionError("a project already exists here", path=str(project_file))
    safe_title = title.replace("\\", "\\\\").replace('"', '\\"')
    write_text_atomic(folder / "sources" / "example.txt", EXAMPLE_TRANSCRIPT)
    write_text_atomic(folder / "sources" / "example.toml", EXAMPLE_METADATA)
    write_text_atomic(project_file, PROJECT_TEMPLATE.format(title=safe_title))
    return project_file
