"""Lines of findings from the one parse: `yamlio.node_lines` + `line_at` agree with `locate`."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lpsc_cli import yamlio
from lpsc_cli.checks import CheckOptions, check_repository
from lpsc_cli.repository import load_repository
from lpsc_cli.yamlio import _size, compose, line_at, locate, parse

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "elbasan"

TEXT = """\
id: mtg-2025-03-lpsc
attendance:
  - member: member-a
    status: present
  -
    member: member-b
    status: absent
topics: [one, two,
  three]
notes: |
  a block
  of text
nested: {a: {b: [1, 2]}, c: 3}
empty: {}
none: []
last: end
"""


def paths(data: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Every path into `data`, and one step past each mapping and list (a missing key or item)."""
    yield prefix
    if isinstance(data, dict):
        for key, value in data.items():
            yield from paths(value, (*prefix, key))
        yield (*prefix, "missing", "deeper")
    elif isinstance(data, list):
        for index, item in enumerate(data):
            yield from paths(item, (*prefix, index))
        yield (*prefix, len(data))
    else:
        yield (*prefix, "below-a-scalar")


def assert_agrees(text: str) -> int:
    lines: list[int] = []
    parsed = parse(text.encode(), "x.yaml", lines=lines)
    assert parsed.data is not None, parsed.issue
    assert _size(parsed.data) == len(lines)  # one line per value: what the lookups rely on uncounted
    tree = compose(text)
    checked = 0
    for path in paths(parsed.data):
        assert line_at(parsed.data, lines, path) == locate(tree, path), path
        checked += 1
    return checked


def test_every_path_of_a_document_has_the_line_locate_gives() -> None:
    assert assert_agrees(TEXT) > 30


def test_every_path_of_the_example_records_has_the_line_locate_gives() -> None:
    files = sorted(p for p in EXAMPLE.rglob("*.yaml") if p.name != "lpsc.yaml")
    assert len(files) > 10
    assert sum(assert_agrees(p.read_text(encoding="utf-8")) for p in files) > 500


_scalar = st.one_of(st.text(alphabet="abc xyz:-#", max_size=8), st.integers(), st.booleans(), st.none())
_values = st.recursive(
    _scalar,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.text(alphabet="abkey", min_size=1, max_size=5), inner, max_size=4),
    ),
    max_leaves=25,
)


@given(data=st.dictionaries(st.text(alphabet="abkey", min_size=1, max_size=5), _values, min_size=1, max_size=5),
       flow=st.booleans())  # fmt: skip
def test_generated_documents_agree_with_locate(data: dict[str, Any], flow: bool) -> None:
    import yaml

    text = yaml.safe_dump(data, default_flow_style=flow, allow_unicode=True)
    assert_agrees(text)


def test_numbers_that_do_not_fit_the_data_give_none() -> None:
    lines: list[int] = []
    parsed = parse(TEXT.encode(), "x.yaml", lines=lines)
    assert line_at(parsed.data, lines[:-1], ("last",)) is None


def test_findings_in_a_loaded_repository_get_their_lines_without_a_second_parse(
    make_repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = make_repo()
    repo.write(
        "institutions/police.yaml",
        "id: police\nname:\n  sq: Policia\n  en: Police\nsector: nowhere\n",
    )
    repo.write("members/member-a.yaml", "id: member-a\nname: Ana Test\ninstitution: police\nextra: 1\n")
    repo.write(
        "members/member-b.yaml",
        "id: member-b\nname: Besa Test\ninstitution: fire-brigade\nposition: {sq: Anëtare, en: Member}\n"
        "seat: child-protection-unit\nroles: [permanent]\nterm: {from: 2024-12-02, to: 2028-12-01}\n"
        "confidentiality_declaration: {signed: 2024-12-10}\n",
    )
    with_positions = check_repository(load_repository(repo.root, cache=False), CheckOptions(as_of=_day()))
    assert with_positions.issues
    assert all(issue.line is not None for issue in with_positions.issues)
    found = {(issue.code, issue.file, issue.line) for issue in with_positions.issues}
    assert ("reference", "members/member-b.yaml", 3) in found, found
    assert ("schema", "institutions/police.yaml", 5) in found, found

    def no_compose(text: object) -> None:
        raise AssertionError("a file was parsed a second time for its lines")

    monkeypatch.setattr("lpsc_cli.repository.compose", no_compose)
    monkeypatch.setattr(yamlio, "compose", no_compose)
    again = check_repository(load_repository(repo.root, cache=False), CheckOptions(as_of=_day()))
    assert again.issues == with_positions.issues


def _day() -> Any:
    from datetime import date

    return date(2025, 12, 31)
