"""The register file: loading, checking, speaker labels and finding forms in text."""

from __future__ import annotations

import re
import textwrap

import pytest

from edition.errors import ConfigError
from edition.editorial.register import load_register


@pytest.fixture(scope="module")
def register(repo_root):
    return load_register(repo_root / "sources" / "register.toml")


def write(tmp_path, text: str):
    path = tmp_path / "register.toml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_project_register_has_the_memorandums_people_places_and_organisations(register):
    for entry_id in ("mao-zedong", "liu-shaoqi", "zhu-de", "zhou-enlai", "deng-xiaoping", "chen-yi", "efremov",
                     "chiang-kai-shek", "dulles", "hitler", "mussolini", "khrushchev", "tito", "sihanouk", "marx",
                     "lenin", "chervenkov", "rogov", "jersild", "warsaw", "taiwan", "jinmen", "mazu", "korea",
                     "egypt", "levant", "beidaihe", "henan", "shanxi", "shandong", "moscow", "paris", "sofia",
                     "ccp", "ccp-cc", "ccp-politburo", "soviet-union", "korean-war"):
        assert entry_id in register, entry_id
    assert register.get("chiang-kai-shek").wikidata == "Q16574"
    assert register.get("mao-zedong").wikidata == "Q5816"
    assert register.get("zhu-de").viaf == "222109395"
    assert register.get("warsaw").geonames == "756135"
    assert register.get("korea").kind == "place" and register.get("korean-war").kind == "event"
    assert "uncertain" in register.get("efremov").note or "not verified" in register.get("efremov").note


@pytest.mark.parametrize("label, expected", [
    ("Cde. Mao Zedong", "mao-zedong"), ("Mao Zedong", "mao-zedong"), ("CDE. MAO ZEDONG", "mao-zedong"),
    ("Chervenkov", "chervenkov"), ("Comrade N.S. Khrushchev", "khrushchev"), ("Cde. Efremov", "efremov"),
    ("Mao Zedong continues", "mao-zedong"), ("Premier Zhou Enlai", "zhou-enlai"), ("Mr. Dulles", "dulles"),
])
def test_match_label_strips_honorifics_and_ignores_case(register, label, expected):
    assert register.match_label(label).id == expected


def test_match_label_gives_none_for_an_unknown_speaker(register):
    assert register.match_label("Cde. Ivanov") is None


def test_find_prefers_the_longest_form_and_never_matches_inside_a_word(register):
    text = "the Politburo CC of the CCP met; the Korean War, Korea; Marxism-Leninism and Lenin; K. Marx, Marxist"
    found = [(m.form, m.entry.id) for m in register.find(text)]
    assert found == [("Politburo CC of the CCP", "ccp-politburo"), ("Korean War", "korean-war"),
                     ("Korea", "korea"), ("Lenin", "lenin"), ("K. Marx", "marx")]


def test_a_form_of_two_entries_is_ambiguous_until_resolved(tmp_path):
    text = """
        [[place]]
        id = "georgia-country"
        name = "Georgia"
        [[place]]
        id = "georgia-state"
        name = "Georgia (U.S. state)"
        forms = ["Georgia"]
    """
    ambiguous = load_register(write(tmp_path, text))
    [match] = ambiguous.find("in Georgia today")
    assert match.entry is None and {e.id for e in match.entries} == {"georgia-country", "georgia-state"}
    resolved = load_register(write(tmp_path, text + '\n[register.resolve]\n"Georgia" = "georgia-state"\n'))
    assert resolved.find("in Georgia today")[0].entry.id == "georgia-state"


def test_problems_are_reported_with_the_line_of_the_entry(tmp_path):
    path = write(tmp_path, """\
        [[person]]
        id = "a"
        name = "A"

        [[person]]
        id = "a"
        name = "Another A"
    """)
    with pytest.raises(ConfigError) as caught:
        load_register(path)
    assert caught.value.line == 5
    assert "id 'a' used twice (first at line 1)" in str(caught.value)
    assert str(path) in caught.value.format_message()


@pytest.mark.parametrize("body, message", [
    ('[[person]]\nid = "x"\nname = "X"\nwikidata = "5816"\n', "wikidata must be an item id"),
    ('[[person]]\nid = "x"\n', "name (the preferred name) is required"),
    ('[[person]]\nid = "two words"\nname = "X"\n', "usable as xml:id"),
    ('[[place]]\nid = "x"\nname = "X"\nbirth = "1900"\n', "birth and death are for persons"),
    ('[[person]]\nid = "x"\nname = "X"\nbirth = "12 May 1900"\n', "must be an ISO date"),
    ('[[person]]\nid = "x"\nname = "X"\nwikipedia = "X"\n', "unknown key(s) 'wikipedia'"),
    ('[[persons]]\nid = "x"\n', "unknown table [[persons]]: did you mean [[person]]?"),
    ('[[person]]\nid = "x"\nname = "X\\uFFFE"\n', ":3: [[person]] #1 name: control character U+FFFE in the text"),
])
def test_bad_entries_are_refused(tmp_path, body, message):
    with pytest.raises(ConfigError, match=re.escape(message)):
        load_register(write(tmp_path, body))


def test_invalid_toml_is_one_error_naming_the_file(tmp_path):
    path = write(tmp_path, '[[person]]\nid = "x\n')
    with pytest.raises(ConfigError) as caught:
        load_register(path)
    assert "invalid TOML" in str(caught.value) and str(path) in str(caught.value)


@pytest.mark.parametrize("kind, name, forms, expected", [
    ("person", "Adolf Hitler", ("Hitler", "Adolf Hitler"), "Hitler, Adolf"),
    ("person", "Nikita Sergeevich Khrushchev", ("Khrushchev",), "Khrushchev, Nikita Sergeevich"),
    ("person", "Mao Zedong", ("Mao Zedong", "Mao"), "Mao Zedong"),          # a form of its own: family first
    ("person", "Chiang Kai-shek", ("Jiang Jieshi",), "Chiang Kai-shek"),    # romanised given name
    ("person", "Charles de Gaulle", (), "de Gaulle, Charles"),
    ("person", "Martin Luther King Jr.", (), "King, Martin Luther, Jr."),
    ("person", "Efremov", (), "Efremov"),
    ("place", "The Levant", (), "Levant, The"),
    ("org", "A Company", (), "Company, A"),
    ("place", "Theresienstadt", (), "Theresienstadt"),
])
def test_sort_key_derived_surname_first_and_without_article(kind, name, forms, expected):
    from edition.editorial.register import sort_key

    assert sort_key(kind, name, forms) == expected


def test_sort_key_from_the_register_wins(tmp_path, register):
    path = write(tmp_path, """
        [[person]]
        id = "liu"
        name = "Liu Shaoqi"
        sort = "Liu  Shaoqi"
        [[person]]
        id = "hitler"
        name = "Adolf Hitler"
        """)
    loaded = load_register(path)
    assert loaded.get("liu").sort == "Liu Shaoqi"
    assert loaded.get("hitler").sort == "Hitler, Adolf"
    assert register.get("zhu-de").sort == "Zhu De" and register.get("levant").sort == "Levant, The"
