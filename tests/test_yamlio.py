"""The YAML reader: dialect, bad input as findings, line lookup; Hypothesis never crashes it."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from lpsc_cli.yamlio import MAX_FILE_BYTES, locate, parse


def test_dates_times_and_yes_no_stay_strings() -> None:
    parsed = parse(b"date: 2025-03-12\nsent: 2025-03-12T10:00\nstart: 10:00\nnumber: no\nok: true\nn: 7\n", "x.yaml")
    assert parsed.issue is None
    assert parsed.data == {
        "date": "2025-03-12",
        "sent": "2025-03-12T10:00",
        "start": "10:00",
        "number": "no",
        "ok": True,
        "n": 7,
    }


def test_bom_and_crlf_are_accepted() -> None:
    parsed = parse("\ufeffid: a\r\nname: Ë\r\n".encode(), "x.yaml")
    assert parsed.issue is None
    assert parsed.data == {"id": "a", "name": "Ë"}


def test_invalid_yaml_names_the_line() -> None:
    parsed = parse(b"id: a\nname: [unclosed\nother: 1\n", "m.yaml")
    assert parsed.data is None and parsed.issue is not None
    assert parsed.issue.code == "yaml"
    assert parsed.issue.file == "m.yaml"
    assert parsed.issue.line == 3


def test_empty_list_and_scalar_files_are_findings() -> None:
    assert parse(b"", "e.yaml").issue.code == "empty"  # type: ignore[union-attr]
    assert parse(b"# only a comment\n", "e.yaml").issue.code == "empty"  # type: ignore[union-attr]
    listed = parse(b"- a\n- b\n", "l.yaml").issue
    assert listed is not None and listed.code == "not-a-mapping" and "a list" in listed.message
    scalar = parse(b"just text\n", "s.yaml").issue
    assert scalar is not None and scalar.code == "not-a-mapping" and "a text" in scalar.message


def test_python_tags_are_refused() -> None:
    issue = parse(b"id: a\nx: !!python/object/apply:os.system ['echo hi']\n", "t.yaml").issue
    assert issue is not None and issue.code == "yaml" and issue.line == 2
    assert "tags are not allowed" in issue.message


def test_alias_bomb_is_refused_before_expansion() -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(20)
    )
    issue = parse(bomb.encode(), "bomb.yaml").issue
    assert issue is not None and issue.code == "yaml-alias" and issue.line == 1


def test_non_utf8_names_the_line_of_the_bad_byte() -> None:
    issue = parse(b"id: a\nname: caf\xe9\n", "n.yaml").issue
    assert issue is not None and issue.code == "encoding" and issue.line == 2
    assert "0xe9" in issue.message


def test_size_limit() -> None:
    issue = parse(b"a: " + b"x" * (MAX_FILE_BYTES + 1), "big.yaml").issue
    assert issue is not None and issue.code == "too-large"


def test_non_text_keys_are_refused() -> None:
    issue = parse(b"1: a\n", "k.yaml").issue
    assert issue is not None and "field names must be text" in issue.message


def test_locate_finds_keys_and_items() -> None:
    text = "id: m\nattendance:\n  - member: a\n    status: present\n  - member: b\n    status: gone\n"
    assert locate(text, ("attendance", 1, "status")) == 6
    assert locate(text, ("attendance", 0)) == 3
    assert locate(text, ("id",)) == 1
    # where the path stops matching, the deepest node found is used
    assert locate(text, ("attendance", 1, "unknown")) == 5
    assert locate(text, ()) == 1


# Printable text: YAML itself normalises line breaks such as NEL (U+0085) inside plain scalars.
printable = st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp"))
scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.text(printable, max_size=20), st.floats(allow_nan=False)
)
documents = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(printable, max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=300))
def test_arbitrary_bytes_never_crash(raw: bytes) -> None:
    parsed = parse(raw, "fuzz.yaml")
    assert (parsed.data is None) != (parsed.issue is None)


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab:-[]{}&*!|>'\"#\n ,?%@`1.")), max_size=120))
def test_yaml_like_text_never_crashes(text: str) -> None:
    parsed = parse(text.encode(), "fuzz.yaml")
    assert (parsed.data is None) != (parsed.issue is None)
    if parsed.issue is not None:
        assert parsed.issue.file == "fuzz.yaml" and parsed.issue.line is not None


@settings(max_examples=100, deadline=None)
@given(st.dictionaries(st.text(printable, min_size=1, max_size=8), documents, min_size=1, max_size=5))
def test_structures_round_trip_through_the_reader(data: dict) -> None:
    text = yaml.safe_dump(data, allow_unicode=True)
    parsed = parse(text.encode(), "gen.yaml")
    assert parsed.issue is None
    assert parsed.data is not None and set(parsed.data) == set(data)


@pytest.mark.parametrize("tag", ["!!set {a, b}", "!!binary aGVsbG8=", "!!timestamp 2025-01-01", "!!omap [a: 1]"])
def test_tags_of_non_json_values_are_refused(tag: str) -> None:
    issue = parse(f"id: a\nname: {tag}\n".encode(), "t.yaml").issue
    assert issue is not None and issue.code == "yaml" and issue.line == 2


fragments = st.sampled_from(
    ["id: x\n", "name: ", "sector: police\n", "!!set {a}", "!!binary aGk=", "!!timestamp 2025-01-01", "!!str 5",
     "!!int 7", "[", "]", "{", "}", "- ", "\n", "  ", "2025-02-30", "x", ": ", "&a ", "*a", "'", '"', "\t", "\xff"]
)  # fmt: skip


@settings(max_examples=60, deadline=None)
@given(st.lists(fragments, max_size=25))
def test_the_whole_check_never_crashes_on_any_file(parts: list[str]) -> None:
    """Parse, validate, cache and cross-record checks survive whatever a file holds."""
    import tempfile
    from datetime import date
    from pathlib import Path

    from lpsc_cli.checks import CheckOptions, check_repository
    from lpsc_cli.repository import load_repository

    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "lpsc.yaml").write_text("council: fuzz\nname: Fuzz\n")
        (root / "institutions").mkdir()
        (root / "institutions" / "x.yaml").write_bytes("".join(parts).encode("utf-8", "surrogateescape"))
        for _ in range(2):  # cold, then from the cache
            result = check_repository(load_repository(root), CheckOptions(as_of=date(2025, 6, 30)))
            assert all(issue.file in (None, "lpsc.yaml", "institutions/x.yaml") for issue in result.issues)


def test_merge_keys_and_non_text_keys_are_findings() -> None:
    merge = parse(b"id: a\n<<: {b: 2}\n", "m.yaml").issue
    assert merge is not None and merge.line == 2 and "merge keys (<<) are not allowed" in merge.message
    key = parse(b"? [a]\n: 1\n", "k.yaml").issue
    assert key is not None and "a key is a list or a mapping" in key.message


@settings(max_examples=100, deadline=None)
@given(st.dictionaries(st.text(printable, min_size=1, max_size=8), documents, min_size=1, max_size=5))
def test_the_direct_builder_agrees_with_pyyaml(data: dict) -> None:
    from lpsc_cli.yamlio import RecordLoader, load

    text = yaml.safe_dump(data, allow_unicode=True)
    assert load(text) == yaml.load(text, Loader=RecordLoader)
