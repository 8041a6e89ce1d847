"""A key given twice in one mapping is a finding naming every occurrence, at any depth."""

from __future__ import annotations

from lpsc_cli.yamlio import parse


def test_duplicate_top_level_key_is_a_finding_with_each_line() -> None:
    text = b"id: member-a\nemail: first@example.org\nname: A\nemail: second@example.org\n"
    parsed = parse(text, "members/member-a.yaml")
    assert parsed.data is None
    issue = parsed.issue
    assert issue is not None and issue.code == "duplicate-key"
    assert issue.file == "members/member-a.yaml" and issue.line == 4
    assert "'email'" in issue.message and "lines 2, 4" in issue.message


def test_duplicate_key_in_a_nested_mapping_inside_a_list() -> None:
    text = b"id: m\nagenda:\n  - title: a\n    title: b\n    title: c\n"
    issue = parse(text, "m.yaml").issue
    assert issue is not None and issue.code == "duplicate-key"
    assert "'title'" in issue.message and "lines 3, 4, 5" in issue.message and "3 times" in issue.message


def test_same_key_in_sibling_mappings_is_fine() -> None:
    parsed = parse(b"a: {x: 1}\nb: {x: 2}\nlist: [{k: 1}, {k: 2}]\n", "ok.yaml")
    assert parsed.issue is None
    assert parsed.data == {"a": {"x": 1}, "b": {"x": 2}, "list": [{"k": 1}, {"k": 2}]}
