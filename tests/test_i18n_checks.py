"""The findings of the checks in Albanian and in English (docs/translations.md), JSON the same in both.

One small council holds one planted finding of each translated check: a dangling reference, a
date out of order and a status without its data (consistency), a case manager without the role
(assignments), a missing confidentiality declaration (declarations), an unknown KPI target
(configuration), a case code that reads as a name and a private key in a file (leaks), and a
stylesheet holding `<` (templates). `lpsc --lang sq check` prints each message in Albanian,
`--lang en` in English, and `--format json` does not change with the language; `--signatures`
outside git says so in the language asked (signatures).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from lpsc_cli import i18n
from lpsc_cli.repository import load_repository
from tests.support.records import INSTITUTIONS, MEMBERS

#: (check, English message, Albanian message): a part of the finding each language prints.
EXPECTED: list[tuple[str, str, str]] = [
    ("references", "institution: no institution with id 'nowhere-testville'",
     "institution: nuk ka regjistrim institution me id 'nowhere-testville'"),
    ("consistency", "term.to (2024-12-31) is before term.from (2025-01-01)",
     "term.to (2024-12-31) është më herët se term.from (2025-01-01)"),
    ("consistency", "the case is closed but has no closure (closure.date)",
     "rasti është mbyllur, por nuk ka mbyllje (closure.date)"),
    ("consistency", "screening.date (2025-02-20) is before the referral (2025-03-01)",
     "screening.date (2025-02-20) është më herët se referimi (2025-03-01)"),
    ("assignments", "member-besa-rama manages case-2025-001 but is not a case manager (roles)",
     "member-besa-rama menaxhon case-2025-001, por nuk është menaxher rasti (roles)"),
    ("declarations", "member-arta-kola took part in a meeting that discussed cases and has no confidentiality "
     "declaration", "member-arta-kola mori pjesë në një mbledhje që diskutoi raste dhe nuk ka deklaratë "
     "konfidencialiteti"),
    ("configuration", "targets.no-such-indicator: no indicator has this id",
     "targets.no-such-indicator: asnjë tregues nuk e ka këtë id"),
    ("leaks", "subject.code looks like a name (it holds a capitalised word)",
     "subject.code duket si emër (përmban një fjalë me shkronjë të madhe)"),
    ("leaks", "private key in the repository (AGE-SECRET-KEY-...): remove it, then rotate the key",
     "çelës privat në depozitë (AGE-SECRET-KEY-...): hiqeni, pastaj ndërroni çelësin"),
    ("templates", "a stylesheet may not contain '<'", "një fletë stilesh nuk mund të përmbajë '<'"),
]  # fmt: skip

FAKE_KEY = "AGE-SECRET-KEY-1" + "QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L" * 2


@pytest.fixture
def council(make_repo: Any) -> Path:
    builder = make_repo()
    builder.config(targets={"no-such-indicator": 50}, declarations={"from": "2025-01-01"})
    for institution in INSTITUTIONS:
        builder.add("institution", institution)
    for member in MEMBERS:
        builder.add("member", member)
    builder.add("member", {"id": "member-gent-leka", "name": "Gent Leka", "institution": "nowhere-testville",
                           "roles": ["invited"], "term": {"from": "2025-01-01", "to": "2024-12-31"}})  # fmt: skip
    builder.add("case", {
        "id": "case-2025-001", "status": "closed", "subject": {"code": "Arben"},
        "referral": {"received": "2025-03-01"}, "screening": {"date": "2025-02-20"},
        "case_manager": {"member": "member-besa-rama"},
    })  # fmt: skip
    builder.add("meeting", {
        "id": "lpsc-2025-04-10", "type": "lpsc", "date": "2025-04-10", "chair": "member-ilir-dervishi",
        "attendance": [{"member": "member-ilir-dervishi", "status": "present"},
                       {"member": "member-arta-kola", "status": "present"}],
        "cases_discussed": ["case-2025-001"],
        "declarations": [{"member": "member-ilir-dervishi", "date": "2025-04-10"}],
    })  # fmt: skip
    builder.write("notes/key.txt", FAKE_KEY + "\n")
    builder.write("templates/print.css", "body { color: black; } </style><script></script>\n")
    root: Path = builder.root
    return root


def run(runner: Any, app: Any, root: Path, language: str, *extra: str) -> Any:
    args = ["--lang", language, "check", "--repo", str(root), "--as-of", "2025-12-31", "--no-cache", *extra]
    return runner.invoke(app, args)


def test_the_findings_of_the_checks_print_in_the_language_asked(runner: Any, app: Any, council: Path) -> None:
    english, albanian = run(runner, app, council, "en"), run(runner, app, council, "sq")
    assert english.exit_code == albanian.exit_code == 1, english.output
    for check, in_english, in_albanian in EXPECTED:
        assert in_english in english.stdout, (check, english.stdout)
        assert in_albanian in albanian.stdout, (check, albanian.stdout)
        assert in_english not in albanian.stdout, (check, albanian.stdout)


def test_json_findings_do_not_change_with_the_language(runner: Any, app: Any, council: Path) -> None:
    english = run(runner, app, council, "en", "--format", "json")
    albanian = run(runner, app, council, "sq", "--format", "json")
    assert english.exit_code == albanian.exit_code == 1
    assert english.stdout == albanian.stdout
    for _check, in_english, _in_albanian in EXPECTED:
        assert in_english in english.stdout.replace('\\"', '"')


def test_a_cached_check_speaks_the_language_of_the_run(runner: Any, app: Any, council: Path) -> None:
    """The check cache, written by an Albanian run, does not answer an English one in Albanian."""
    args = ["check", "--repo", str(council), "--as-of", "2025-12-31"]
    first = runner.invoke(app, ["--lang", "sq", *args])
    second = runner.invoke(app, ["--lang", "en", *args])
    again = runner.invoke(app, ["--lang", "sq", *args])
    assert "rasti është mbyllur, por nuk ka mbyllje" in first.stdout
    assert "the case is closed but has no closure" in second.stdout
    assert "rasti është mbyllur" not in second.stdout
    assert again.stdout == first.stdout


def test_signatures_outside_git_say_so_in_the_language_asked(runner: Any, app: Any, make_repo: Any) -> None:
    """`check --signatures` on a folder outside git: the usage error of `checks/signed.py`."""
    root: Path = make_repo().root
    english = run(runner, app, root, "en", "--signatures")
    albanian = run(runner, app, root, "sq", "--signatures")
    assert english.exit_code == albanian.exit_code == 2, english.output
    assert "--signatures: the commits could not be verified:" in english.output
    assert "--signatures: commit-et nuk u verifikuan:" in albanian.output


#: (file, content, English finding, Albanian finding) of the loader (`repository.py`, `yamlio.py`).
LOAD_FINDINGS: list[tuple[str, str, str, str]] = [
    ("members/member-x.yaml", "id: member-x\nid: member-x\n",
     "the key 'id' is given 2 times in one mapping (lines 1, 2); only one may stay",
     "çelësi 'id' jepet 2 herë në një hartë (rreshtat 1, 2); vetëm një mund të mbetet"),
    ("members/member-y.yaml", "", "the file is empty; a record is a YAML mapping",
     "skedari është bosh; një regjistrim është një hartë YAML"),
    ("members/member-z.yaml", "- a list\n", "a record is a YAML mapping of fields, found a list",
     "një regjistrim është një hartë YAML fushash, u gjet një listë"),
    ("members/member-w.yaml", "id: member-v\nname: V\ninstitution: municipality-testville\nroles: [invited]\n",
     "the file name is not the record's id: the member 'member-v' belongs in members/member-v.yaml",
     "emri i skedarit nuk është id-ja e regjistrimit: member 'member-v' i përket members/member-v.yaml"),
]  # fmt: skip


@pytest.fixture
def broken(make_repo: Any) -> Path:
    builder = make_repo()
    for file, content, _english, _albanian in LOAD_FINDINGS:
        builder.write(file, content)
    root: Path = builder.root
    return root


def test_the_findings_of_loading_print_in_the_language_asked(runner: Any, app: Any, broken: Path) -> None:
    english, albanian = run(runner, app, broken, "en"), run(runner, app, broken, "sq")
    for _file, _content, in_english, in_albanian in LOAD_FINDINGS:
        assert in_english in english.stdout, english.stdout
        assert in_albanian in albanian.stdout, albanian.stdout
    json = [run(runner, app, broken, language, "--format", "json").stdout for language in ("en", "sq")]
    assert json[0] == json[1]


def test_the_file_cache_and_worker_processes_keep_the_language(broken: Path) -> None:
    """Findings cached by an English load are not served to an Albanian one; worker processes
    (started fresh, English until told) write in the language of the load."""
    previous = i18n.active()
    try:
        i18n.activate("en")
        english = {i.message for i in load_repository(broken).issues}
        i18n.activate("sq")
        cached = {i.message for i in load_repository(broken).issues}
        in_workers = {i.message for i in load_repository(broken, cache=False, workers=2).issues}
    finally:
        i18n.activate(previous)
    assert {albanian for *_, albanian in LOAD_FINDINGS} <= cached
    assert cached == in_workers
    assert not english & cached
