"""`check`'s schema findings, `kpi` (titles, reasons, errors) and the messages of `check`,
`deadlines` and `kpi` in Albanian and in English (docs/translations.md); machine output the same
in both.

The schema findings are built from each error's JSON Schema keyword and values with the
catalogs' messages (`lpsc_cli/schemas.py`), never with the validator's English; the indicator
titles and the reasons behind a figure come from the catalogs too, and `kpi --format json`
gives titles in the council's language whatever the language of the run.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from lpsc_cli import i18n
from lpsc_cli.indicators import REGISTRY
from lpsc_cli.indicators.registry import KpiResult, Title
from lpsc_cli.reporters.kpi import format_value
from lpsc_cli.schemas import _explain
from tests.support.records import seeded

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "elbasan"

#: (English finding, Albanian finding) of the schemas planted in `council` below.
SCHEMA_FINDINGS: list[tuple[str, str]] = [
    ("unknown field 'phone'", "fushë e panjohur 'phone'"),
    ("the record: 'name' is required", "regjistrimi: 'name' është e detyrueshme"),
    ("roles.0: 'boss' is not one of", "roles.0: 'boss' nuk është një nga"),
    ("date: '2025-02-30' is not a valid date", "date: '2025-02-30' nuk është date e vlefshme"),
]  # fmt: skip


@pytest.fixture
def council(make_repo: Any) -> Path:
    builder = seeded(make_repo, in_git=False)
    builder.add("member", {"id": "member-gent-leka", "name": "Gent Leka", "institution": "municipality-testville",
                           "roles": ["invited"], "phone": "1"})  # fmt: skip
    builder.add("member", {"id": "member-dua-hysa", "institution": "municipality-testville", "roles": ["boss"]})
    builder.add("training", {"id": "training-2025-02-30", "date": "2025-02-30", "title": "T"})
    root: Path = builder.root
    return root


def run(runner: Any, app: Any, language: str, *args: str) -> Any:
    return runner.invoke(app, ["--lang", language, *args])


def check(runner: Any, app: Any, root: Path, language: str, *extra: str) -> Any:
    return run(runner, app, language, "check", "--repo", str(root), "--as-of", "2025-12-31", "--no-cache", *extra)


def test_schema_findings_print_in_the_language_asked(runner: Any, app: Any, council: Path) -> None:
    english, albanian = check(runner, app, council, "en"), check(runner, app, council, "sq")
    assert english.exit_code == albanian.exit_code == 1, english.output
    for in_english, in_albanian in SCHEMA_FINDINGS:
        assert in_english in english.stdout, english.stdout
        assert in_albanian in albanian.stdout, albanian.stdout
        assert in_english not in albanian.stdout
    for word in ("is a required property", "Additional properties", "is not valid under", "was expected"):
        assert word not in english.stdout and word not in albanian.stdout


def test_schema_findings_in_json_do_not_change_with_the_language(runner: Any, app: Any, council: Path) -> None:
    english = check(runner, app, council, "en", "--format", "json")
    albanian = check(runner, app, council, "sq", "--format", "json")
    assert english.stdout == albanian.stdout
    messages = {issue["message"] for issue in json.loads(english.stdout)["issues"]}
    assert any("'name' is required" in m for m in messages), messages


def test_cached_schema_findings_follow_the_language_of_the_run(runner: Any, app: Any, council: Path) -> None:
    """Schema findings are cached per file and language: switching the language switches them."""
    args = ["check", "--repo", str(council), "--as-of", "2025-12-31"]
    first = run(runner, app, "sq", *args)
    second = run(runner, app, "en", *args)
    again = run(runner, app, "sq", *args)
    assert "fushë e panjohur 'phone'" in first.stdout and "unknown field" not in first.stdout
    assert "unknown field 'phone'" in second.stdout and "fushë e panjohur" not in second.stdout
    assert again.stdout == first.stdout


@pytest.fixture
def albanian() -> Iterator[None]:
    with i18n.speaking("sq"):
        yield


SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "n": {"type": "integer", "minimum": 1, "maximum": 9},
        "x": {"type": "number", "exclusiveMinimum": 0},
        "code": {"type": "string", "pattern": "^[a-z]+$", "minLength": 2, "maxLength": 3},
        "tags": {"type": "array", "minItems": 2, "maxItems": 3, "uniqueItems": True},
        "kind": {"const": "a"},
        "either": {"oneOf": [{"type": "integer"}, {"type": "string"}]},
        "meta": {"type": "object", "minProperties": 1},
    },
}
#: (value, English message, Albanian message) for each keyword.
KEYWORDS: list[tuple[dict[str, Any], str, str]] = [
    ({"n": "1"}, "n: '1' is not of type 'integer'", "n: '1' nuk është e tipit 'integer'"),
    ({"n": 0}, "n: 0 is less than the minimum of 1", "n: 0 është më e vogël se minimumi 1"),
    ({"n": 10}, "n: 10 is greater than the maximum of 9", "n: 10 është më e madhe se maksimumi 9"),
    ({"x": 0}, "x: 0 is less than or equal to the minimum of 0", "x: 0 është më e vogël ose e barabartë me minimumin 0"),
    ({"code": "A1"}, "code: 'A1' does not have the expected form", "code: 'A1' nuk ka formën e pritur"),
    ({"code": "a"}, "code: 'a' is shorter than 2 characters", "code: 'a' është më e shkurtër se 2 shkronja"),
    ({"code": "abcd"}, "code: 'abcd' is longer than 3 characters", "code: 'abcd' është më e gjatë se 3 shkronja"),
    ({"tags": [1]}, "tags: [1] has fewer than 2 items", "tags: [1] ka më pak se 2 elemente"),
    ({"tags": [1, 2, 3, 4]}, "tags: [1, 2, 3, 4] has more than 3 items", "tags: [1, 2, 3, 4] ka më shumë se 3 elemente"),
    ({"tags": [1, 1]}, "tags: [1, 1] has repeated items", "tags: [1, 1] ka elemente të përsëritura"),
    ({"kind": "b"}, "kind: 'b' is not 'a'", "kind: 'b' nuk është 'a'"),
    ({"either": 1.5}, "either: 1.5 is not of type 'integer'", "either: 1.5 nuk është e tipit 'integer'"),
    ({"meta": {}}, "meta: {} has fewer than 1 field", "meta: {} ka më pak se 1 fushë"),
]  # fmt: skip


def _messages(data: dict[str, Any], *, quote: bool = True) -> list[str]:
    return [message for _path, message in _explain(Draft202012Validator(SCHEMA), data, quote)]


@pytest.mark.parametrize(("data", "english", "albanian"), KEYWORDS)
def test_every_keyword_has_its_own_message_in_both_languages(data: Any, english: str, albanian: str) -> None:
    with i18n.speaking("en"):
        assert _messages(data) == [english]
    with i18n.speaking("sq"):
        assert _messages(data) == [albanian]


def test_a_value_that_may_not_be_shown_is_named_not_quoted(albanian: None) -> None:
    assert _messages({"code": "Ab"}, quote=False) == ["code: vlera nuk ka formën e pritur"]
    assert _messages({"n": 0}, quote=False) == ["n: vlera është më e vogël se minimumi 1"]


def test_a_missing_field_of_a_chosen_kind_is_named(albanian: None) -> None:
    """In a `oneOf` told apart by `kind`, the chosen branch's `required` names each missing field."""
    schema = {"oneOf": [
        {"properties": {"kind": {"const": "a"}, "n": {}}, "required": ["kind", "n", "m"]},
        {"properties": {"kind": {"const": "b"}}, "required": ["kind"]},
    ]}  # fmt: skip
    messages = {m for _p, m in _explain(Draft202012Validator(schema), {"kind": "a"}, True)}
    assert messages == {"regjistrimi: 'n' është e detyrueshme", "regjistrimi: 'm' është e detyrueshme"}
    wrong = [m for _p, m in _explain(Draft202012Validator(schema), {"kind": "c"}, False)]
    assert wrong == ["kind: vlera nuk është një nga a, b"]


def test_an_unknown_keyword_gets_the_general_message() -> None:
    schema = {"properties": {"n": {"multipleOf": 2}}}
    messages = [m for _p, m in _explain(Draft202012Validator(schema), {"n": 3}, True)]
    assert messages == ["n: 3 does not match its schema (multipleOf 2)"]


def kpi(runner: Any, app: Any, language: str, *extra: str) -> Any:
    return run(runner, app, language, "kpi", "--repo", str(EXAMPLE), "--as-of", "2025-12-31", "--year", "2025",
               *extra)  # fmt: skip


def test_kpi_titles_and_reasons_come_from_the_catalogs(runner: Any, app: Any) -> None:
    english = kpi(runner, app, "en", "--set", "all")
    albanian = kpi(runner, app, "sq", "--set", "all")
    assert english.exit_code == albanian.exit_code == 0, english.output
    assert "Training sessions held" in english.stdout
    assert "Seanca trajnimi të zhvilluara" in albanian.stdout and "Training sessions held" not in albanian.stdout
    for indicator in REGISTRY.indicators.values():  # every title is translated
        assert indicator.title["sq"] != indicator.title["en"], indicator.id
    explained = kpi(runner, app, "sq", "--explain", "member-participation")
    assert "member-fatos-gjoka i justifikuar" in explained.stdout
    assert "excused" not in explained.stdout
    assert "member-fatos-gjoka excused" in kpi(runner, app, "en", "--explain", "member-participation").stdout


def test_kpi_json_gives_the_councils_titles_whatever_the_run(runner: Any, app: Any) -> None:
    english = kpi(runner, app, "en", "--set", "all", "--format", "json")
    albanian = kpi(runner, app, "sq", "--set", "all", "--format", "json")
    assert english.stdout == albanian.stdout
    kpis = {k["id"]: k for k in json.loads(english.stdout)["councils"][0]["kpis"]}
    assert kpis["member-participation"]["title"] == "Pjesëmarrja e anëtarëve në mbledhjet e KVSP-së"
    assert "excused" in kpis["member-participation"]["against"][0]["reason"]  # reasons: English
    asked = run(runner, app, "sq", "kpi", "--repo", str(EXAMPLE), "--year", "2025", "--as-of", "2025-12-31",
                "--lang", "en", "--format", "json")  # fmt: skip
    titles = {k["id"]: k["title"] for k in json.loads(asked.stdout)["councils"][0]["kpis"]}
    assert titles["lpsc-meetings"] == "LPSC meetings held"


def test_kpi_errors_in_the_language_asked(runner: Any, app: Any) -> None:
    albanian = kpi(runner, app, "sq", "--explain", "no-such-kpi")
    english = kpi(runner, app, "en", "--explain", "no-such-kpi")
    assert albanian.exit_code == english.exit_code == 2
    assert "--explain: nuk ka tregues 'no-such-kpi'" in albanian.output
    assert "--explain: no indicator 'no-such-kpi'" in english.output
    both = run(runner, app, "sq", "kpi", "--repo", str(EXAMPLE), "--year", "2025", "--from", "2025-01-01")
    assert "jepni ose --year ose --from/--to, jo të dyja" in both.output


def test_targets_errors_in_the_language_asked(runner: Any, app: Any, make_repo: Any) -> None:
    builder = make_repo()
    builder.config(targets={"plan-adopted": 5})
    root = str(builder.root)
    albanian = run(runner, app, "sq", "kpi", "--repo", root, "--year", "2025")
    english = run(runner, app, "en", "kpi", "--repo", root, "--year", "2025")
    assert "targets.plan-adopted: pritej true ose false, u gjet 5" in albanian.output, albanian.output
    assert "targets.plan-adopted: expected true or false, got 5" in english.output, english.output


def test_check_and_deadlines_usage_errors_in_the_language_asked(runner: Any, app: Any, council: Path) -> None:
    albanian = check(runner, app, council, "sq", "no/such/file.yaml")
    assert albanian.exit_code == 2
    assert "nuk ka skedar ose dosje të tillë në depozitë: no/such/file.yaml" in albanian.output
    assert "no such file" not in albanian.output
    rules = run(runner, app, "sq", "deadlines", "--repo", str(council), "--list-rules", "--format", "ics")
    assert rules.exit_code == 2
    assert "--list-rules: përdorni --format text ose json" in rules.output


def _result(value: float, numerator: float, denominator: int) -> KpiResult:
    return KpiResult(
        id="x", set="council", title=Title("x"), source="s", unit="percent", value=value, numerator=numerator,
        denominator=denominator, target=None, met=None, better="higher", computable=True, reason=None, definition="",
    )  # fmt: skip


def test_kpi_numbers_have_the_same_precision_in_both_languages() -> None:
    shown = {}
    for language in ("en", "sq"):
        with i18n.speaking(language):
            shown[language] = format_value(_result(83.3, 2.125, 3))
    assert shown == {"en": "83.3 % (2.125/3)", "sq": "83,3 % (2,125/3)"}
