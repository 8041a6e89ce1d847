"""Lists in records have a sane length: a record with more items than a council could keep is a
finding of `lpsc check` (with the list's line), not a command that runs for minutes."""

from __future__ import annotations

from datetime import date

from lpsc_cli.checks import CheckOptions, check_root
from lpsc_cli.schemas import SchemaSet, walk_schema


def test_every_list_of_every_schema_has_a_limit() -> None:
    schemas = SchemaSet()
    unbounded = [
        f"{name}: {'.'.join(map(str, path))}"
        for name, document in schemas.documents.items()
        for path, _, node, _ in walk_schema(schemas, document, name)
        if node.get("type") == "array" and "maxItems" not in node
    ]
    assert unbounded == []


def test_a_meeting_with_too_many_agenda_items_is_a_finding(make_repo) -> None:
    repo = make_repo()
    agenda = [{"title": f"Item {i}"} for i in range(1001)]
    repo.add("meeting", {"id": "lpsc-2025-03-12", "type": "lpsc", "date": "2025-03-12", "agenda": agenda})
    found = check_root(repo.root, CheckOptions(as_of=date(2025, 6, 30))).issues
    assert [(i.code, i.file, i.line) for i in found if i.code == "schema"] == [
        ("schema", "meetings/2025/lpsc-2025-03-12.yaml", 4)
    ]
