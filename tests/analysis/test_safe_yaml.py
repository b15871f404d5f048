"""The safe YAML reader of dictionaries and lexicons, and the lexicon file checks (issue 20).

Alias bombs, deep nesting and duplicate keys are refused with a CorpusError naming the file
and line (20.12, 20.7); a missing absolute lexicon path is a CorpusError naming the path;
an edited lexicon file is read again even when its modification time did not change.
"""

from __future__ import annotations

import os
import re

import pytest

from discourse.analysis.dictionary import load_dictionary
from discourse.analysis.lexicon import lexicon_version, load_lexicon
from discourse.analysis.safe_yaml import MAX_DEPTH, read_yaml
from discourse.errors import CorpusError

DICTIONARY = """\
# Beleidsframes in Kamerbrieven (eigen voorbeeld)
veiligheid:
  - veilig*
  - dreiging
economie:
  - handel*
  - export
"""


def alias_bomb(levels: int = 6, width: int = 6) -> str:
    """A "billion laughs" dictionary: each level lists the previous one ``width`` times."""
    lines = ["a0: &a0 [wet, wet, wet, wet, wet, wet]"]
    for i in range(1, levels):
        refs = ", ".join([f"*a{i - 1}"] * width)
        lines.append(f"a{i}: &a{i} [{refs}]")
    lines.append(f"bom: [{', '.join([f'*a{levels - 1}'] * width)}]")
    return "\n".join(lines) + "\n"


def test_an_alias_bomb_is_refused_before_it_expands(tmp_path):
    path = tmp_path / "bom.yaml"
    path.write_text(alias_bomb(), encoding="utf-8")
    assert path.stat().st_size < 700  # would expand to 6**7 = 279,936 patterns
    with pytest.raises(CorpusError, match=r"bom\.yaml, line 1: anchor &a0 \(anchors are not"):
        load_dictionary(path)


def test_an_alias_without_anchor_in_a_lexicon_is_refused(tmp_path):
    path = tmp_path / "lex.yaml"
    path.write_text(
        "- &goed {form: goed, polarity: 0.6, subjectivity: 0.5}\n- *goed\n", encoding="utf-8"
    )
    with pytest.raises(CorpusError, match=r"lex\.yaml, line 1: anchor &goed"):
        load_lexicon(path)


def test_deep_nesting_is_refused_with_the_limit(tmp_path):
    path = tmp_path / "diep.yaml"
    depth = 5_000
    path.write_text("{a: " * depth + "[wet]" + "}" * depth + "\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=rf"diep\.yaml, line 1: nesting deeper than {MAX_DEPTH}"):
        load_dictionary(path)


def test_nesting_up_to_the_limit_is_read(tmp_path):
    path = tmp_path / "genest.yaml"
    lines = [f"{'  ' * i}niveau{i}:" for i in range(MAX_DEPTH - 1)]
    lines.append(f"{'  ' * (MAX_DEPTH - 1)}- wet")  # the list is level MAX_DEPTH
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = load_dictionary(path)
    assert out["category"].tolist() == [".".join(f"niveau{i}" for i in range(MAX_DEPTH - 1))]


def test_a_duplicate_category_is_refused_naming_key_and_lines(tmp_path):
    path = tmp_path / "dubbel.yaml"
    path.write_text(DICTIONARY + "veiligheid:\n  - defensie\n", encoding="utf-8")
    expected = f"{path}, line 8: duplicate key 'veiligheid' (first at line 2; each key may"
    with pytest.raises(CorpusError, match=re.escape(expected)):
        load_dictionary(path)


def test_a_duplicate_field_in_a_lexicon_entry_is_refused(tmp_path):
    path = tmp_path / "lex.yaml"
    path.write_text(
        "- form: goed\n  polarity: 0.6\n  subjectivity: 0.5\n  polarity: -0.6\n", encoding="utf-8"
    )
    with pytest.raises(CorpusError, match=r"line 4: duplicate key 'polarity' \(first at line 2"):
        load_lexicon(path)


def test_plain_dictionaries_read_as_before(tmp_path):
    path = tmp_path / "frames.yaml"
    path.write_text(DICTIONARY, encoding="utf-8")
    assert read_yaml(path) == {
        "veiligheid": ["veilig*", "dreiging"],
        "economie": ["handel*", "export"],
    }
    out = load_dictionary(path)
    assert out["category"].tolist() == ["veiligheid"] * 2 + ["economie"] * 2


def test_invalid_yaml_names_the_file(tmp_path):
    path = tmp_path / "kapot.yaml"
    path.write_text("veiligheid: [veilig*\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"kapot\.yaml: not valid YAML"):
        load_dictionary(path)


@pytest.mark.parametrize("name", ["lex.csv", "lexicons/lex.yaml"])
def test_a_missing_lexicon_path_names_the_path_and_what_is_allowed(tmp_path, name):
    path = str(tmp_path / name)  # absolute, does not exist
    with pytest.raises(CorpusError) as info:
        load_lexicon(path)
    message = str(info.value)
    assert f"name_or_path={path!r}" in message
    assert "'pattern-nl'" in message and "the path of an existing CSV/YAML file" in message


def test_an_edited_lexicon_file_is_read_again_even_with_the_same_mtime(tmp_path):
    path = tmp_path / "eigen.csv"
    path.write_text("form,polarity,subjectivity\nbelangrijk,0.5,0.5\n", encoding="utf-8")
    stat = path.stat()
    first = load_lexicon(path)
    version = lexicon_version(path)
    path.write_text("form,polarity,subjectivity\nbelangrijk,-0.5,0.5\n", encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # same size and mtime
    assert lexicon_version(path) != version
    assert first["polarity"].iloc[0] == 0.5
    assert load_lexicon(path)["polarity"].iloc[0] == -0.5
