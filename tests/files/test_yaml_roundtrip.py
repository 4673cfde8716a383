"""ruamel.yaml wrapped: parsing with 1-based positions, plain data out, markup refused."""

from __future__ import annotations

import pytest
from ruamel.yaml.comments import CommentedMap

from bot.files.yaml_roundtrip import YamlProblem, dump, parse, to_plain
from bot.model.positions import Positions

NESTED = """\
a:
  b: [1, {c: 2}]
  d:
    - x
    - y: z
"""


def test_parse_keeps_the_round_trip_document() -> None:
    doc = parse("# note\ntitle: A  # eol\n")
    assert isinstance(doc, CommentedMap)
    assert dump(doc) == "# note\ntitle: A  # eol\n"


def test_key_positions_are_one_based_for_nested_maps_and_lists() -> None:
    _, positions = to_plain(parse(NESTED))
    assert positions.keys == {
        ("a",): (1, 1),
        ("a", "b"): (2, 3),
        ("a", "b", 1, "c"): (2, 11),
        ("a", "d"): (3, 3),
        ("a", "d", 1, "y"): (5, 7),
    }


def test_value_positions_are_one_based_for_nested_maps_and_lists() -> None:
    _, positions = to_plain(parse(NESTED))
    assert positions.values == {
        (): (1, 1),
        ("a",): (2, 3),
        ("a", "b"): (2, 6),
        ("a", "b", 0): (2, 7),
        ("a", "b", 1): (2, 10),
        ("a", "b", 1, "c"): (2, 14),
        ("a", "d"): (4, 5),
        ("a", "d", 0): (4, 7),
        ("a", "d", 1): (5, 7),
        ("a", "d", 1, "y"): (5, 10),
    }


def test_document_position_skips_leading_comments() -> None:
    _, positions = to_plain(parse("# one\n# two\ntitle: A\n"))
    assert positions.of_value(()) == (3, 1)


def test_of_value_falls_back_to_the_nearest_known_parent() -> None:
    _, positions = to_plain(parse(NESTED))
    assert positions.of_value(("a", "d", 1, "missing")) == (5, 7)
    assert positions.of_value(("nowhere",)) == (1, 1)


def test_of_key_falls_back_to_the_value_position() -> None:
    _, positions = to_plain(parse(NESTED))
    assert positions.of_key(("a", "d", 0)) == (4, 7)


def test_empty_positions_point_at_the_start_of_the_file() -> None:
    assert Positions().of_value(("title",)) == (1, 1)
    assert Positions().of_key(("title",)) == (1, 1)


def test_empty_value_is_placed_on_its_own_line() -> None:
    _, positions = to_plain(parse("title:\ncategory: [a]\n"))
    assert positions.of_value(("title",))[0] == 1


# --- to_plain ---------------------------------------------------------------------------

SCALARS = """\
int: 3
hex: 0x10
float: 1.5
exp: 1e3
bool: true
nothing: ~
plain: text
single: 'text'
double: "text"
literal: |-
  text
folded: >-
  text
"""


def test_to_plain_returns_builtin_containers() -> None:
    data, _ = to_plain(parse(NESTED))
    assert type(data) is dict
    assert type(data["a"]["b"]) is list
    assert type(data["a"]["b"][1]) is dict
    assert data == {"a": {"b": [1, {"c": 2}], "d": ["x", {"y": "z"}]}}


def test_to_plain_turns_ruamel_scalars_into_builtin_types() -> None:
    data, _ = to_plain(parse(SCALARS))
    assert {key: type(value) for key, value in data.items()} == {
        "int": int,
        "hex": int,
        "float": float,
        "exp": float,
        "bool": bool,
        "nothing": type(None),
        "plain": str,
        "single": str,
        "double": str,
        "literal": str,
        "folded": str,
    }
    assert data["hex"] == 16
    assert data["exp"] == 1000.0


def test_parsed_scalars_are_ruamel_subclasses_before_to_plain() -> None:
    # The reason to_plain exists: these would slip past pydantic's strict mode checks.
    doc = parse(SCALARS)
    for key in ("hex", "float", "literal", "folded"):
        assert type(doc[key]) not in (int, float, str), key


def test_yes_and_no_stay_text_under_yaml_1_2() -> None:
    data, _ = to_plain(parse("a: yes\nb: no\nc: on\n"))
    assert data == {"a": "yes", "b": "no", "c": "on"}


# --- refused ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        ("a: !!str x\n", 1, 4),
        ("a: !t x\n", 1, 4),
        ("a:\n  - !t [x]\n", 2, 5),
        ("a:\n  b: !t {c: 1}\n", 2, 6),
    ],
    ids=["core-scalar", "local-scalar", "list", "mapping"],
)
def test_tags_raise_a_problem_at_the_tagged_node(text: str, line: int, column: int) -> None:
    with pytest.raises(YamlProblem) as caught:
        to_plain(parse(text))
    assert (caught.value.line, caught.value.column) == (line, column)
    assert caught.value.message == "YAML tags are not allowed in entries"


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [("a: &x 1\nb: *x\n", 1, 4), ("a:\n  - &m {k: v}\n  - *m\n", 2, 5)],
    ids=["scalar", "mapping"],
)
def test_anchors_raise_a_problem_at_the_anchor(text: str, line: int, column: int) -> None:
    with pytest.raises(YamlProblem) as caught:
        to_plain(parse(text))
    assert (caught.value.line, caught.value.column) == (line, column)


def test_non_text_key_raises_at_the_key() -> None:
    with pytest.raises(YamlProblem) as caught:
        to_plain(parse("a: 1\n2: b\n"))
    assert (caught.value.line, caught.value.column) == (2, 1)
    assert caught.value.message == "keys must be text, not int"


def test_syntax_error_raises_a_problem_with_its_place() -> None:
    with pytest.raises(YamlProblem) as caught:
        parse("%YAML 1.2\n%YAML 1.2\n---\na: 1\n")
    assert (caught.value.line, caught.value.column) == (2, 1)
    assert caught.value.message.startswith("invalid YAML: ")
    assert caught.value.fix is None


def test_a_syntax_error_a_contributor_makes_says_what_to_write() -> None:
    with pytest.raises(YamlProblem) as caught:
        parse("a: b: c\n")
    assert (caught.value.line, caught.value.column) == (1, 4)
    assert caught.value.message == "a value containing ': ' must be in quotes: a: 'b: c'"
    assert caught.value.fix == "'b: c'"


def test_duplicate_key_raises_at_the_second_occurrence() -> None:
    with pytest.raises(YamlProblem) as caught:
        parse("a: 1\nb: 2\na: 3\n")
    assert (caught.value.line, caught.value.column) == (3, 1)
    assert caught.value.message == "duplicate key 'a' (first defined on line 1)"


# --- dump ---------------------------------------------------------------------------------


def test_dump_never_folds_a_long_line() -> None:
    title = " ".join(["word"] * 200)
    assert dump({"title": title}) == f"title: {title}\n"


def test_dump_indents_lists_under_their_key() -> None:
    assert dump({"links": [{"kind": "Paper", "url": "u"}]}) == (
        "links:\n  - kind: Paper\n    url: u\n"
    )
