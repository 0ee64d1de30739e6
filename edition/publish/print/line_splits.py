"""WeasyPrint's splits of text into lines, each made once for all the layouts of one document.

To break a text into lines WeasyPrint asks ``split_first_line`` where the first line of the rest of a text
box ends (Pango shapes the text for it, a third of the time of a layout). It asks the same question many
times for one document: the print edition lays a document out twice or more (``pdf.render_pdf``: the text
for its line numbers, then the whole with the numbers and the apparatus), and most lines of the second
layout are those of the first; within one layout, a page laid out again, a footnote area laid out again for
each note, and the widths of a grid's items ask again too (the memorandum: 1,438 of its 2,995 questions were
asked before).

``kept_for_one_document()`` keeps the answers while it runs: the same question (the text, the width, the
justification, whether it starts a line, and every style property ``split_first_line`` reads, for the same
fonts) gets the answer of the first time (a question of a text longer than ``KEPT_TEXT_LIMIT`` is not kept,
nor any once ``KEPT_CHARACTERS`` are), which is what WeasyPrint would compute again (Pango's shaping
depends on nothing else). Each answer is given as a copy of the laid-out line (WeasyPrint changes a line
when it justifies or draws it), and nothing is kept after the block, so one document's answers never reach
another. The same block keeps the height and baseline of a line of each style (``strut``) that the inline
layout asks for at every line and text box, which WeasyPrint finds by a key it writes out each time.

``install`` puts the keeping functions where WeasyPrint's layout calls them; outside the block they are
WeasyPrint's own. Only for a WeasyPrint whose functions take the arguments named here (``install`` checks;
nothing is kept otherwise).
"""

from __future__ import annotations

import contextlib
import copy
import inspect

#: The style properties ``split_first_line`` reads, directly and through the Pango layout it makes
#: (``Layout.setup``, ``set_text``, ``get_font_description``, ``font_features``, ``line_size``, the
#: hyphenation step and the step that breaks words) in WeasyPrint 70.
STYLE_PROPERTIES = (
    "white_space", "font_size", "direction", "lang", "font_language_override",
    "font_family", "font_style", "font_stretch", "font_weight", "font_variation_settings",
    "font_kerning", "font_variant_ligatures", "font_variant_position", "font_variant_caps",
    "font_variant_numeric", "font_variant_alternates", "font_variant_east_asian", "font_feature_settings",
    "text_decoration_line", "word_spacing", "letter_spacing", "overflow_wrap", "word_break", "tab_size",
    "hyphens", "hyphenate_character", "hyphenate_limit_chars", "hyphenate_limit_zone",
)
_SPLIT_ARGUMENTS = ("text", "style", "context", "max_width", "justification_spacing", "is_line_start", "minimum")
#: A question whose text is longer than this is answered each time, not kept: each line of a text box asks
#: with the rest of the box's text, and the keys of a long paragraph would hold all of them.
KEPT_TEXT_LIMIT = 4_000
#: The characters of the questions kept for one document, at most (then no more are kept).
KEPT_CHARACTERS = 20_000_000


class _Kept:
    """What is kept for the document being laid out."""

    def __init__(self) -> None:
        self.asked = 0      # questions to split_first_line (more than len(splits): answers given again)
        self.characters = 0     # of the texts of the questions kept
        self.splits: dict[tuple, tuple] = {}
        # by the id of a style, the style itself (so that the id is not another's) and what is kept of it
        self.style_keys: dict[int, tuple] = {}
        self.struts: dict[int, tuple] = {}

    def style_key(self, style):
        """The values of ``STYLE_PROPERTIES`` of ``style`` and its fonts, or None when an answer may depend
        on more than them (a hyphenation zone that is not a plain length or percentage)."""
        kept = self.style_keys.get(id(style))
        if kept is None:
            key = None
            if getattr(style["hyphenate_limit_zone"], "unit", None) in ("px", "%"):
                key = (id(style.font_config), tuple(style[name] for name in STYLE_PROPERTIES))
                try:
                    hash(key)
                except TypeError:   # a value held in a list: compared by its text
                    key = (key[0], tuple(repr(value) for value in key[1]))
            kept = self.style_keys[id(style)] = (style, key)
        return kept[1]


_kept: _Kept | None = None     # while kept_for_one_document runs
_installed: bool | None = None


def install() -> bool:
    """Put the keeping ``split_first_line`` and ``strut`` where WeasyPrint's layout calls them (once per
    process); False if this WeasyPrint's functions are not the ones this module knows (then nothing is
    changed)."""
    global _installed
    if _installed is not None:
        return _installed
    from weasyprint.layout import inline, preferred
    from weasyprint.text import line_break

    split, strut = line_break.split_first_line, line_break.strut
    _installed = tuple(inspect.signature(split).parameters) == _SPLIT_ARGUMENTS and \
        tuple(inspect.signature(strut).parameters) == ("style",) and inline.strut is strut
    if not _installed:
        return False

    def split_first_line(text, style, context, max_width, justification_spacing, is_line_start=True,
                         minimum=False):
        kept = _kept
        style_key = None if kept is None or len(text) > KEPT_TEXT_LIMIT else kept.style_key(style)
        if style_key is None:
            return split(text, style, context, max_width, justification_spacing, is_line_start, minimum)
        key = (text, max_width, justification_spacing, is_line_start, minimum, style_key)
        kept.asked += 1
        answer = kept.splits.get(key)
        if answer is None:
            answer = split(text, style, context, max_width, justification_spacing, is_line_start, minimum)
            if kept.characters + len(text) <= KEPT_CHARACTERS:
                kept.splits[key] = answer
                kept.characters += len(text)
        layout, *measures = answer
        return (copy.copy(layout), *measures)

    def kept_strut(style):
        kept = _kept
        if kept is None:
            return strut(style)
        answer = kept.struts.get(id(style))
        if answer is None:
            answer = kept.struts[id(style)] = (style, strut(style))
        return answer[1]

    split_first_line.original, kept_strut.original = split, strut
    for module in (line_break, inline, preferred):
        if getattr(module, "split_first_line", None) is split:
            module.split_first_line = split_first_line
    # only in the inline layout, where the styles asked about are whole (a style's own computation may
    # ask for its strut before its values are all there)
    inline.strut = kept_strut
    return True


@contextlib.contextmanager
def kept_for_one_document():
    """Keep WeasyPrint's line splits and struts while the block runs (the layouts of one document);
    forgotten after. Nested, the outer block's are kept."""
    global _kept
    if _kept is not None or not install():
        yield
        return
    _kept = _Kept()
    try:
        yield
    finally:
        _kept = None
