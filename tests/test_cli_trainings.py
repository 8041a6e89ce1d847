"""`lpsc training add|list` (scores on the command line and from CSV) and `lpsc report add|list`."""

from __future__ import annotations

import json

import pytest

from lpsc_cli.editing.trainings import parse_participant, read_participants
from lpsc_cli.errors import UsageError
from lpsc_cli.yamlio import parse
from tests.support.cli import lpsc
from tests.support.records import seeded


def test_training_with_participants_from_options_and_csv(runner, app, make_repo, tmp_path) -> None:
    repo = seeded(make_repo)
    sheet = tmp_path / "scores.csv"
    sheet.write_text(
        "participant,pre,post,institution\nmember-besa-rama,50,75,\nBlerina Hasa,40,70,social-services-testville\n\n",
        encoding="utf-8",
    )
    result = lpsc(runner, app, repo.root, "training", "add", "--date", "2025-03-20", "--kind", "introductory",
                  "--topic", "sq:Hyrje në menaxhimin e rasteve", "--topic", "en:Introduction to case management",
                  "--hours", "6", "--participant", "member-arta-kola:45:80", "--from-csv", str(sheet))  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == "created training-2025-03-20: trainings/training-2025-03-20.yaml"
    assert (repo.root / "trainings/training-2025-03-20.yaml").read_text(encoding="utf-8") == (
        "id: training-2025-03-20\n"
        "date: 2025-03-20\n"
        "kind: introductory\n"
        "topic: {sq: Hyrje në menaxhimin e rasteve, en: Introduction to case management}\n"
        "hours: 6\n"
        "participants:\n"
        "  - {member: member-arta-kola, pre: 45, post: 80}\n"
        "  - {member: member-besa-rama, pre: 50, post: 75}\n"
        "  - {name: Blerina Hasa, institution: social-services-testville, pre: 40, post: 70}\n"
    )
    rows = json.loads(lpsc(runner, app, repo.root, "training", "list", "--format", "json").output)
    assert rows == [
        {"id": "training-2025-03-20", "date": "2025-03-20", "kind": "introductory",
         "topic": "Introduction to case management", "hours": 6, "participants": 3, "pre": 45.0, "post": 75.0},
    ]  # fmt: skip
    assert lpsc(runner, app, repo.root, "training", "list", "--kind", "refresher").output == "no trainings\n"


def test_a_participant_who_is_no_member_is_refused(runner, app, make_repo) -> None:
    repo = seeded(make_repo)
    result = lpsc(runner, app, repo.root, "training", "add", "--date", "2025-03-20", "--kind", "refresher",
                  "--topic", "Refresher", "--participant", "member-nobody:10:20")  # fmt: skip
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == (
        "trainings/training-2025-03-20.yaml:6: error reference: participants.0.member: no member with id 'member-nobody'"
    )


def test_participants_are_read_from_text() -> None:
    assert parse_participant("member-x:45:80").fields() == {"member": "member-x", "pre": 45, "post": 80}
    assert parse_participant("Blerina Hasa@social-x:50:70.5").fields() == {
        "name": "Blerina Hasa",
        "institution": "social-x",
        "pre": 50,
        "post": 70.5,
    }
    assert parse_participant("Dritan Leka").fields() == {"name": "Dritan Leka"}
    with pytest.raises(UsageError, match="give both scores"):
        parse_participant("member-x:45")
    with pytest.raises(UsageError, match="110 is not a percentage between 0 and 100"):
        parse_participant("member-x:45:110")
    with pytest.raises(UsageError, match=r"scores.csv:3: 'lots' is not a score"):
        read_participants("participant,pre,post\nmember-x,1,2\nmember-y,lots,3\n", source="scores.csv")
    with pytest.raises(UsageError, match="needs a header row"):
        read_participants("member-x,1,2\n", source="scores.csv")


def test_report_submissions_get_ids_from_kind_and_period(runner, app, make_repo) -> None:
    repo = seeded(make_repo)
    cases = [
        (["--kind", "annual-activity", "--period", "2025", "--submitted", "2026-01-20", "--to", "cve", "--to", "nccs"],
         "annual-2025"),
        (["--kind", "prefect-monthly", "--period", "2025-03", "--submitted", "2025-04-05", "--to", "prefect"],
         "prefect-2025-03"),
        (["--kind", "prefect-quarterly", "--period", "2025-q1", "--submitted", "2025-04-10", "--to", "prefect"],
         "prefect-2025-q1"),
    ]  # fmt: skip
    for args, expected in cases:
        result = lpsc(runner, app, repo.root, "report", "add", *args)
        assert result.output.splitlines()[0] == f"created {expected}: reports/{expected}.yaml", result.output
    assert (repo.root / "reports/annual-2025.yaml").read_text() == (
        'id: annual-2025\nkind: annual-activity\nperiod: "2025"\nsubmitted: 2026-01-20\nto: [cve, nccs]\n'
    )
    assert parse((repo.root / "reports/prefect-2025-q1.yaml").read_bytes(), "x").data["period"] == "2025-Q1"
    listed = lpsc(runner, app, repo.root, "report", "list", "--kind", "prefect-monthly", "--format", "csv")
    assert listed.output == "id,kind,period,submitted,to\nprefect-2025-03,prefect-monthly,2025-03,2025-04-05,prefect\n"
    bad = lpsc(runner, app, repo.root, "report", "add", "--kind", "annual-activity", "--period", "2025-H3",
               "--submitted", "2026-01-20")  # fmt: skip
    assert (bad.exit_code, bad.output) == (
        2,
        "lpsc: --period: '2025-H3' is not a period (use YYYY, YYYY-H1, YYYY-Q3 or YYYY-MM)\n",
    )
