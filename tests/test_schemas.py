"""The JSON Schemas of `schemas/`: valid, documented, strict, in sync with docs/records.md."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource

from lpsc_cli.schemas import SchemaSet, schema_dir
from lpsc_cli.yamlio import parse

PROJECT = Path(__file__).resolve().parent.parent
RECORDS_DOC = PROJECT / "docs" / "records.md"
KINDS = ("config", "institution", "member", "meeting", "plan", "case", "training", "report", "acknowledgement")
FILES = sorted(path.name for path in schema_dir().glob("*.schema.json"))
CLASSES = {"public", "internal", "confidential"}
HEADING_KIND = {
    "lpsc.yaml": "config",
    "institutions": "institution",
    "members": "member",
    "meetings": "meeting",
    "plans": "plan",
    "cases": "case",
    "trainings": "training",
    "reports": "report",
    "acknowledgements": "acknowledgement",
}


@pytest.fixture(scope="module")
def schemas() -> SchemaSet:
    return SchemaSet()


def subschemas(schemas: SchemaSet, file: str) -> Iterator[tuple[str, Mapping[str, Any]]]:
    """Every schema node reachable from `file`, following `$ref`s into other files, once each."""
    seen: set[str] = set()

    def visit(node: Any, where: str, current: str) -> Iterator[tuple[str, Mapping[str, Any]]]:
        if not isinstance(node, Mapping) or where in seen:
            return
        seen.add(where)
        yield where, node
        if "$ref" in node:
            target_file, _, pointer = node["$ref"].partition("#")
            target_file = target_file or current
            target: Any = schemas.documents[target_file]
            for part in filter(None, pointer.split("/")):
                target = target[part]
            yield from visit(target, f"{target_file}#{pointer}", target_file)
        for key in ("properties", "patternProperties", "$defs"):
            for name, sub in node.get(key, {}).items():
                yield from visit(sub, f"{where}/{key}/{name}", current)
        for key in ("items", "additionalProperties", "not"):
            yield from visit(node.get(key), f"{where}/{key}", current)
        for key in ("oneOf", "anyOf", "allOf"):
            for index, sub in enumerate(node.get(key, [])):
                yield from visit(sub, f"{where}/{key}/{index}", current)

    yield from visit(schemas.documents[file], file, file)


def properties(schemas: SchemaSet, file: str) -> Iterator[tuple[str, str, Mapping[str, Any]]]:
    for where, node in subschemas(schemas, file):
        for key in ("properties", "patternProperties"):
            for name, sub in node.get(key, {}).items():
                yield where, name, sub


def valid(schemas: SchemaSet, kind: str, data: Any) -> bool:
    """Valid by jsonschema_rs and by jsonschema alike (the fast and slow paths must agree)."""
    fast = schemas.is_valid(kind, data)
    slow = not list(slow_validator(kind).iter_errors(data))
    assert fast == slow, f"jsonschema_rs and jsonschema disagree on {data!r}"
    return fast


@cache
def slow_validator(kind: str) -> Draft202012Validator:
    """A plain jsonschema validator of `kind`, built from the files as any other tool would."""
    # A tool that reads a file resolves its relative `$ref`s against the file's own URI.
    documents = {
        path.as_uri(): {**json.loads(path.read_text(encoding="utf-8")), "$id": path.as_uri()}
        for path in schema_dir().glob("*.schema.json")
    }
    registry: Registry[Any] = Registry().with_resources(
        (uri, Resource.from_contents(document)) for uri, document in documents.items()
    )
    document = documents[(schema_dir() / f"{kind}.schema.json").as_uri()]
    return Draft202012Validator(document, registry=registry, format_checker=Draft202012Validator.FORMAT_CHECKER)


def doc_examples() -> dict[str, dict[str, Any]]:
    """The YAML example of each record kind in docs/records.md, read as lpsc reads records."""
    text = RECORDS_DOC.read_text(encoding="utf-8")
    found: dict[str, dict[str, Any]] = {}
    for match in re.finditer(r"^## `([^`/]+)[^\n]*\n.*?```yaml\n(.*?)```", text, re.M | re.S):
        kind = HEADING_KIND[match.group(1)]
        parsed = parse(match.group(2).encode("utf-8"), f"docs/records.md ({kind})")
        assert parsed.issue is None, parsed.issue
        assert parsed.data is not None
        found[kind] = parsed.data
    return found


EXAMPLES = doc_examples()


# --------------------------------------------------------------------------- the files


def test_one_schema_per_kind_and_common() -> None:
    assert sorted([*(f"{kind}.schema.json" for kind in KINDS), "common.schema.json"]) == FILES


@pytest.mark.parametrize("file", FILES)
def test_schema_is_valid_2020_12(schemas: SchemaSet, file: str) -> None:
    document = schemas.documents[file]
    Draft202012Validator.check_schema(document)
    assert document["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert "$id" not in document  # relative `$ref`s resolve next to the file, wherever it is
    assert document["description"]


@pytest.mark.parametrize("file", FILES)
def test_refs_are_relative_and_resolve(schemas: SchemaSet, file: str) -> None:
    refs = [node["$ref"] for _, node in subschemas(schemas, file) if "$ref" in node]
    assert refs or file == "common.schema.json"
    for value in refs:
        target, _, _ = value.partition("#")
        assert not target.startswith(("http:", "https:", "/")), value
        assert target in ("", *FILES), value


@pytest.mark.parametrize("file", FILES)
def test_every_property_has_description_and_class(schemas: SchemaSet, file: str) -> None:
    checked = 0
    for where, name, sub in properties(schemas, file):
        assert isinstance(sub.get("description"), str) and sub["description"], f"{where}/{name}"
        assert sub.get("x-lpsc-class") in CLASSES, f"{where}/{name}"
        checked += 1
    assert checked >= 2


@pytest.mark.parametrize("file", FILES)
def test_every_object_rejects_unknown_keys(schemas: SchemaSet, file: str) -> None:
    objects = [
        (where, node)
        for where, node in subschemas(schemas, file)
        if node.get("type") == "object" or "properties" in node or "patternProperties" in node
    ]
    assert objects
    for where, node in objects:
        assert node.get("additionalProperties") is False, where


@pytest.mark.parametrize("file", FILES)
def test_no_null_anywhere(schemas: SchemaSet, file: str) -> None:
    for where, node in subschemas(schemas, file):
        types = node.get("type", [])
        assert "null" not in (types if isinstance(types, list) else [types]), where


def test_case_has_no_field_for_identity(schemas: SchemaSet) -> None:
    forbidden = {
        "name",
        "surname",
        "birth",
        "birthday",
        "born",
        "dob",
        "address",
        "street",
        "phone",
        "telephone",
        "mobile",
        "narrative",
        "story",
    }
    names = {name for _, name, _ in properties(schemas, "case.schema.json")}
    assert {"sealed", "subject", "addressed_at"} <= names
    assert not {name for name in names if forbidden & set(re.split(r"[_-]", name.lower()))}


def test_field_classes_of_case(schemas: SchemaSet) -> None:
    classes = schemas.field_classes("case")
    assert {path for path, cls in classes.items() if cls == "confidential"} == {
        ("sealed", "age"),
        ("subjects", "*", "sealed", "age"),  # each further person's identity, sealed the same way
    }
    assert classes[("subject", "code")] == "internal"
    assert classes[("contacts", "*", "date")] == "internal"
    assert "public" not in classes.values()


def test_field_classes_follow_the_field(schemas: SchemaSet) -> None:
    meeting = schemas.field_classes("meeting")
    assert meeting[("summary",)] == "public"
    assert meeting[("summary", "sq")] == "public"
    assert meeting[("agenda", "*", "title", "en")] == "public"
    assert meeting[("agenda", "*", "materials", "*", "en")] == "internal"
    assert meeting[("decisions", "*", "text", "sq")] == "internal"
    assert meeting[("attendance", "*", "explanation_received")] == "internal"
    assert meeting[("guests", "*", "name")] == "internal"
    plan = schemas.field_classes("plan")
    assert plan[("items", "*", "activities", "*", "timing", "label", "sq")] == "public"
    assert plan[("items", "*", "activities", "*", "timing", "every_months")] == "public"
    assert plan[("items", "*", "activities", "*", "progress", "*", "note", "en")] == "internal"
    member = schemas.field_classes("member")
    assert (member[("name",)], member[("position", "sq")], member[("email",)]) == ("public", "public", "internal")


# --------------------------------------------------------------------------- docs in sync


def test_docs_have_an_example_of_every_kind() -> None:
    assert sorted(EXAMPLES) == sorted(KINDS)


@pytest.mark.parametrize("kind", KINDS)
def test_doc_example_is_valid(schemas: SchemaSet, kind: str) -> None:
    assert schemas.validate(kind, EXAMPLES[kind]) == []
    assert valid(schemas, kind, EXAMPLES[kind])


@pytest.mark.parametrize("kind", KINDS)
def test_doc_example_shows_every_top_level_field(schemas: SchemaSet, kind: str) -> None:
    assert sorted(EXAMPLES[kind]) == sorted(schemas.document(kind)["properties"])


def test_seat_enum_is_the_union_of_the_documented_profiles(schemas: SchemaSet) -> None:
    text = RECORDS_DOC.read_text(encoding="utf-8")
    normative = re.search(r"`normative-act` profile \(A §3\.2\.2\): (.*?)\.", text, re.S)
    elbasan = re.search(r"`elbasan-regulation` profile \(R art\. 4\.1 a–o\): (.*?)\.", text, re.S)
    assert normative and elbasan
    lists = [re.split(r",\s*", found.group(1).strip()) for found in (normative, elbasan)]
    assert [len(seats) for seats in lists] == [15, 15]
    enum = schemas.document("member")["properties"]["seat"]["enum"]
    assert sorted(enum) == sorted(set(lists[0]) | set(lists[1]))
    assert len(enum) == 26  # mayor, civil-emergencies, regional-social-services, child-protection-unit in both


def test_sector_enum_matches_the_documented_list(schemas: SchemaSet) -> None:
    text = RECORDS_DOC.read_text(encoding="utf-8")
    block = re.search(r"^sector: police\s+# (.*?)\nprosecution", text, re.M | re.S)
    assert block
    documented = re.split(r",\s*", re.sub(r"\s*#\s*", " ", block.group(1)).strip())
    assert schemas.documents["common.schema.json"]["$defs"]["sector"]["enum"] == documented


# --------------------------------------------------------------------------- accepted


def with_changes(kind: str, path: tuple[str | int, ...], value: Any) -> dict[str, Any]:
    """A deep copy of the docs example of `kind` with the value at `path` replaced (or deleted)."""
    data: dict[str, Any] = json.loads(json.dumps(EXAMPLES[kind]))
    node: Any = data
    for key in path[:-1]:
        node = node[key]
    if value is DELETE:
        del node[path[-1]]
    else:
        node[path[-1]] = value
    return data


DELETE = object()
ACTIVITY = ("items", 0, "activities", 0)


@pytest.mark.parametrize(
    ("kind", "path", "value"),
    [
        ("meeting", ("invitation", "sent"), "2025-03-04"),  # a bare date for a date-time
        ("meeting", ("invitation", "sent"), "2025-03-04 09:00:30"),
        ("meeting", ("invitation", "to"), ["member-besa-rama", "member-vera-koci"]),
        ("meeting", ("summary",), "Plain text in one language."),
        ("meeting", ("summary",), {"en": "Only English."}),
        ("report", ("period",), 2025),
        ("report", ("period",), "2025-H2"),
        ("report", ("period",), "2025-Q4"),
        ("report", ("period",), "2025-11"),
        ("plan", (*ACTIVITY, "timing"), {"kind": "due", "due": "2025-06-30"}),
        ("plan", (*ACTIVITY, "timing"), {"kind": "recurring", "every_months": 2, "label": "every two months"}),
        ("plan", (*ACTIVITY, "timing"), {"kind": "continuous"}),
        ("plan", (*ACTIVITY, "timing"), {"kind": "period", "period": "year"}),
        ("config", ("rules",), {"contact-monthly": {"severity": "warning", "days": 31, "strict": True}}),
        ("config", ("targets",), {"plan-adopted": True, "trainee-gain": 0.75}),
        ("config", ("coverage",), {"to": "2024-12-31"}),
        ("case", ("subject", "age_band"), "65+"),
        ("training", ("participants",), [{"name": "Blerina Hasa"}]),
    ],
)
def test_accepted(schemas: SchemaSet, kind: str, path: tuple[str | int, ...], value: Any) -> None:
    assert valid(schemas, kind, with_changes(kind, path, value))


def test_minimal_records_are_valid(schemas: SchemaSet) -> None:
    minimal: dict[str, dict[str, Any]] = {
        "config": {"council": "testville", "name": "Testville LPSC"},
        "institution": {"id": "police-testville", "name": "Police", "sector": "police"},
        "member": {"id": "m-1", "name": "Ana Prifti", "institution": "police-testville"},
        "meeting": {"id": "lpsc-2025-03-12", "type": "lpsc", "date": "2025-03-12"},
        "plan": {"id": "plan-2025", "period": {"from": "2025-01-01", "to": "2025-12-31"}, "status": "draft"},
        "case": {
            "id": "case-2025-001",
            "status": "referred",
            "subject": {"code": "A.G."},
            "referral": {"received": "2025-02-10T09:30"},
        },
        "training": {"id": "training-1", "date": "2025-03-20"},
        "report": {"id": "annual-2025", "kind": "annual-activity", "period": "2025"},
    }
    for kind, data in minimal.items():
        assert schemas.validate(kind, data) == [], kind


# --------------------------------------------------------------------------- rejected


@pytest.mark.parametrize(
    ("kind", "path", "value", "reported_at"),
    [
        # unknown keys, at any depth
        ("member", ("phone",), "+355 69 000 0000", ("phone",)),
        ("case", ("subject", "name"), "Someone", ("subject", "name")),
        ("case", ("subject", "birth_date"), "2010-01-01", ("subject", "birth_date")),
        ("case", ("referral", "narrative"), "a story", ("referral", "narrative")),
        ("meeting", ("attendance", 0, "note"), "late", ("attendance", 0, "note")),
        ("config", ("templates",), "custom", ("templates",)),
        # bad enums
        ("case", ("status",), "open", ("status",)),
        ("meeting", ("type",), "plenary", ("type",)),
        ("member", ("seat",), "prefect", ("seat",)),
        ("institution", ("sector",), "military", ("sector",)),
        ("case", ("sealed", "parts"), ["identity", "address"], ("sealed", "parts", 1)),
        ("config", ("rules", "invitation-notice", "severity"), "fatal", ("rules", "invitation-notice", "severity")),
        # bad ids
        ("member", ("id",), "../etc/passwd", ("id",)),
        ("member", ("id",), "members/x", ("id",)),
        ("member", ("id",), "Member-One", ("id",)),
        ("member", ("id",), "-leading-hyphen", ("id",)),
        ("member", ("id",), "a" * 65, ("id",)),
        ("meeting", ("chair",), "a..b", ("chair",)),
        # bad dates and times
        ("training", ("date",), "2025-02-30", ("date",)),
        ("training", ("date",), "2025-2-3", ("date",)),
        ("training", ("date",), "20250320", ("date",)),
        ("meeting", ("start",), "24:00", ("start",)),
        ("meeting", ("start",), "9:00", ("start",)),
        ("meeting", ("invitation", "sent"), "2025-03-04T09:00+01:00", ("invitation", "sent")),
        ("meeting", ("invitation", "sent"), "2025-13-04T09:00", ("invitation", "sent")),
        ("meeting", ("invitation", "sent"), "2025-02-30", ("invitation", "sent")),
        ("report", ("period",), "2025-H3", ("period",)),
        ("report", ("period",), "25", ("period",)),
        # nulls are never allowed
        ("meeting", ("summary",), None, ("summary",)),
        ("case", ("referral", "escalated_at"), None, ("referral", "escalated_at")),
        ("member", ("roles",), None, ("roles",)),
        # wrong types and shapes
        ("meeting", ("summary",), {}, ("summary",)),
        ("meeting", ("summary",), {"sq": "x", "de": "y"}, ("summary", "de")),
        ("meeting", ("summary",), "", ("summary",)),
        ("member", ("public_key",), "age1...", ("public_key",)),
        ("case", ("sealed", "age"), "plain text of a story", ("sealed", "age")),
        ("case", ("concerns",), [], ("concerns",)),
        ("config", ("targets", "lpsc-meetings"), "four", ("targets", "lpsc-meetings")),
        ("config", ("rules", "invitation-notice", "working_days"), "5", ("rules", "invitation-notice", "working_days")),
        ("config", ("rules", "Bad_Rule"), {"enabled": False}, ("rules", "Bad_Rule")),
        ("config", ("rules", "invitation-notice", "enabled"), "yes", ("rules", "invitation-notice", "enabled")),
        ("case", ("subject", "code"), "Ana Testi", ("subject", "code")),
        ("report", ("period",), 25.5, ("period",)),
        # timing: exactly one kind, with its own fields only
        ("plan", (*ACTIVITY, "timing"), {"kind": "due"}, (*ACTIVITY, "timing")),
        ("plan", (*ACTIVITY, "timing"), {"kind": "due", "due": "2025-06-30", "every_months": 2}, (*ACTIVITY, "timing")),
        ("plan", (*ACTIVITY, "timing"), {"kind": "weekly"}, (*ACTIVITY, "timing")),
        ("plan", (*ACTIVITY, "timing"), {"kind": "recurring", "every_months": 0}, (*ACTIVITY, "timing")),
        # required fields
        ("case", ("referral", "received"), DELETE, ("referral",)),
        ("case", ("subject", "code"), DELETE, ("subject",)),
        ("plan", ("status",), DELETE, ()),
        ("meeting", ("type",), DELETE, ()),
        ("training", ("participants",), [{"pre": 40, "post": 80}], ("participants", 0)),
    ],
)
def test_rejected(
    schemas: SchemaSet,
    kind: str,
    path: tuple[str | int, ...],
    value: Any,
    reported_at: tuple[str | int, ...],
) -> None:
    data = with_changes(kind, path, value)
    assert not valid(schemas, kind, data)
    problems = schemas.validate(kind, data)
    assert problems
    reported = [where for where, _ in problems]
    assert any(where[: len(reported_at)] == reported_at for where in reported), reported


def test_messages_name_the_problem(schemas: SchemaSet) -> None:
    assert schemas.validate("member", with_changes("member", ("phone",), "1")) == [
        (("phone",), "unknown field 'phone'")
    ]
    assert schemas.validate("case", with_changes("case", ("status",), "open")) == [
        (
            ("status",),
            "status: the value is not one of referred, registered, screening, assessment, planning, "
            "active, closed, transferred, not-eligible",
        )
    ]
    assert schemas.validate("training", with_changes("training", ("date",), "2025-02-30")) == [
        (("date",), "date: '2025-02-30' is not a valid date")
    ]


def test_json_files_are_formatted_stably() -> None:
    for file in FILES:
        raw = (schema_dir() / file).read_text(encoding="utf-8")
        assert raw == json.dumps(json.loads(raw), indent=2, ensure_ascii=False) + "\n", file


def _plan_with_timing(timing: dict) -> dict:
    activity = {"number": "1.1.1", "text": "t", "timing": timing}
    return {
        "id": "plan-2025",
        "period": {"from": "2025-01-01", "to": "2025-12-31"},
        "status": "draft",
        "items": [{"number": "1.1", "issue": "x", "priority": "high", "activities": [activity]}],
    }


def test_timing_errors_follow_the_kind_discriminator() -> None:
    schemas = SchemaSet()
    where = ("items", 0, "activities", 0, "timing")
    assert schemas.validate("plan", _plan_with_timing({"kind": "weekly"})) == [
        (
            (*where, "kind"),
            "items.0.activities.0.timing.kind: 'weekly' is not one of due, period, recurring, continuous",
        )
    ]
    assert schemas.validate("plan", _plan_with_timing({"kind": "recurring", "every_months": "x"})) == [
        ((*where, "every_months"), "items.0.activities.0.timing.every_months: 'x' is not of type 'integer'")
    ]


def test_case_messages_never_repeat_the_value(schemas: SchemaSet) -> None:
    """A name typed where a code belongs must not reach CI logs through the finding."""
    data = with_changes("case", ("subject", "code"), "Arta Hoxha e Plotë")
    problems = schemas.validate("case", data)
    assert problems and all("Arta" not in message for _, message in problems)
    assert (("subject", "code"), "subject.code: the value does not have the expected form") in problems
