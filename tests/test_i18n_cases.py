"""Cases, keys, sealing, acknowledgements and signatures in Albanian and English (docs/translations.md).

One small council in git: three members with age keys (besa of the technical secretariat reads
every case; you are besa), one case whose identity is sealed. Each command runs with
`--lang sq` and `--lang en`: the Albanian output holds the Albanian phrases and none of the
English ones, the English output the English ones; `--format json` is the same in both.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from lpsc_cli import i18n
from tests.support.cli import in_both
from tests.support.records import git
from tests.support.sealing import council, git_init, make_identity

CASE = "case-2025-001"
MEETING = "lpsc-2025-03-12"
MEETING_FILE = f"meetings/2025/{MEETING}.yaml"
NAME = "Drita Qendresa"


@pytest.fixture
def sealed(runner: Any, app: Any, make_repo: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    """The council in git, one case opened with a sealed name; LPSC_IDENTITY is besa's."""
    repo = make_repo()
    keys_dir = tmp_path / "keys"
    keys_dir.mkdir()
    keys = {name: make_identity(keys_dir, name) for name in ("besa", "cera")}
    council(repo, {f"member-{name}": public for name, (_, public) in keys.items()})
    repo.add("meeting", {"id": MEETING, "type": "lpsc", "date": "2025-03-12"})
    git_init(repo.root)
    monkeypatch.setenv("LPSC_IDENTITY", str(keys["besa"][0]))
    created = runner.invoke(app, [
        "case", "new", "--repo", str(repo.root), "--received", "2025-02-10T09:30", "--referred-by", "community",
        "--concern", "child-protection", "--code", "D.Q.", "--name", NAME,
    ])  # fmt: skip
    assert created.exit_code == 0, created.output
    repo.keys = {name: path for name, (path, _) in keys.items()}
    return repo


def both(runner: Any, app: Any, repo: Any, *args: str) -> tuple[Any, Any]:
    """The command run in English, then in Albanian, on `repo`."""
    return in_both(runner, app, *args, "--repo", str(repo.root))


def speaks(english: Any, albanian: Any, in_english: str, in_albanian: str) -> None:
    """Each output holds its language's phrase; the Albanian one holds no English phrase."""
    assert in_english in english.output, english.output
    assert in_albanian in albanian.output, albanian.output
    assert in_english not in albanian.output, albanian.output


#: (arguments, exit code, English phrase, Albanian phrase): errors of the case steps.
CASE_ERRORS: list[tuple[tuple[str, ...], int, str, str]] = [
    (("case", "reopen", CASE, "--date", "2025-03-01", "--reason", "new-concern"), 1,
     "not closed; only a closed case can be reopened", "jo i mbyllur; rihapet vetëm një rast i mbyllur"),
    (("case", "goal", CASE, "1", "--status", "achieved"), 1,
     "support plan has no goals (record them with `lpsc case plan --goal`)",
     "nuk ka objektiva (regjistrojini me `lpsc case plan --goal`)"),
    (("case", "share", CASE), 2, "give at least one of --lpsc", "jepni të paktën një nga --lpsc"),
    (("case", "subject", "add", CASE, "--code", "D.Q.", "--role", "sibling"), 1,
     "already has a person with the code D.Q.; give each person a code of their own",
     "ka tashmë një person me kodin D.Q.; jepini çdo personi kodin e vet"),
    (("case", "new", "--received", "2025-02-11T10:00", "--referred-by", "community", "--concern", "other",
      "--birth-date", "someday"), 2,
     "--birth-date: 'someday' is not a date", "--birth-date: 'someday' nuk është datë"),
    (("ack", "no-such-rule:lpsc-2025-03-12", "--reason", "late"), 1,
     "is not an obligation id: no rule 'no-such-rule'", "nuk është id detyrimi: nuk ka rregull 'no-such-rule'"),
    (("reseal", "--reader", "member-cera"), 2,
     "--reader and --drop-reader need --case", "--reader dhe --drop-reader kërkojnë --case"),
    (("member", "set-key", "member-cera", "AGE-SECRET-KEY-1QQQ"), 2,
     "that is a private key", "ky është çelës privat"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("args", "code", "in_english", "in_albanian"), CASE_ERRORS, ids=[" ".join(e[0][:2]) for e in CASE_ERRORS]
)
def test_errors_of_cases_keys_and_acknowledgements(
    runner: Any, app: Any, sealed: Any, args: tuple[str, ...], code: int, in_english: str, in_albanian: str
) -> None:
    english, albanian = both(runner, app, sealed, *args)
    assert english.exit_code == albanian.exit_code == code, english.output
    speaks(english, albanian, in_english, in_albanian)


def test_case_list_and_show_reveal(runner: Any, app: Any, sealed: Any) -> None:
    english, albanian = both(runner, app, sealed, "case", "list", "--status", "closed")
    speaks(english, albanian, "no cases", "asnjë rast")
    english, albanian = both(runner, app, sealed, "case", "list", "--format", "json")
    assert english.exit_code == albanian.exit_code == 0 and english.stdout == albanian.stdout
    assert CASE in english.stdout

    english, albanian = both(runner, app, sealed, "case", "show", CASE, "--reveal")
    assert english.exit_code == albanian.exit_code == 0, albanian.output
    speaks(english, albanian, "# sealed content (do not copy it into files, e-mail or chat)",
           "# përmbajtja e vulosur (mos e kopjoni në skedarë, e-mail ose chat)")  # fmt: skip
    speaks(english, albanian, f"  Name: {NAME}", f"  Emri: {NAME}")
    assert "Identity:\n" in english.stdout and "Identiteti:\n" in albanian.stdout
    # the case was committed unsigned: who wrote the sealed block is a warning on stderr
    speaks(english, albanian, "lpsc: warning: the sealed block was written in commit",
           "lpsc: paralajmërim: blloku i vulosur u shkrua në commit-i")  # fmt: skip
    speaks(english, albanian, "is not signed: it may be forged", "nuk është i nënshkruar: mund të jetë i falsifikuar")

    english, albanian = both(runner, app, sealed, "case", "show", CASE, "--reveal", "--format", "json")
    assert english.exit_code == albanian.exit_code == 0 and english.stdout == albanian.stdout
    assert NAME in english.stdout


def test_note_reseal_and_access(runner: Any, app: Any, sealed: Any) -> None:
    english, albanian = both(runner, app, sealed, "case", "note", CASE, "--text", "Visit.", "--dry-run")
    assert english.exit_code == albanian.exit_code == 0, albanian.output
    speaks(english, albanian, f"{CASE}: sealed to member-besa", f"{CASE}: u vulos për member-besa")

    english, albanian = both(runner, app, sealed, "reseal")
    assert english.exit_code == albanian.exit_code == 0, albanian.output
    speaks(english, albanian, "resealed 1 case(s)", "u rivulos 1 rast")

    english, albanian = both(runner, app, sealed, "access", "--as-of", "2025-03-13")
    assert english.exit_code == albanian.exit_code == 0, albanian.output
    speaks(english, albanian, "Sealed cases as of 2025-03-13: 1", "Raste të vulosura më 2025-03-13: 1")
    speaks(english, albanian, "Members who read or should read sealed cases:",
           "Anëtarët që lexojnë ose duhet të lexojnë raste të vulosura:")  # fmt: skip
    speaks(english, albanian, "member-besa (Besa Test)  key  reads 1 case(s)",
           "member-besa (Besa Test)  çelës  lexon 1 rast")  # fmt: skip
    # before besa's term began, besa should not read the case
    english, albanian = both(runner, app, sealed, "access", "--as-of", "2023-06-01")
    speaks(english, albanian, "member-besa's term has ended: reseal", "mandati i member-besa ka mbaruar: rivuloseni")
    speaks(english, albanian, "term ended but still a reader: reseal", "mandati ka mbaruar, por është ende lexues")
    english, albanian = both(runner, app, sealed, "access", "--as-of", "2023-06-01", "--format", "json")
    assert english.exit_code == albanian.exit_code == 0 and english.stdout == albanian.stdout
    assert "term ended but still a reader: reseal" in english.stdout


def test_key_new_and_show(runner: Any, app: Any, sealed: Any, tmp_path: Path) -> None:
    english = runner.invoke(app, ["--lang", "en", "key", "new", "--identity", str(tmp_path / "en.txt")])
    albanian = runner.invoke(app, ["--lang", "sq", "key", "new", "--identity", str(tmp_path / "sq.txt")])
    assert english.exit_code == albanian.exit_code == 0, albanian.output
    speaks(
        english, albanian, f"identity written to {tmp_path / 'en.txt'}", f"identiteti u shkrua në {tmp_path / 'sq.txt'}"
    )
    again = runner.invoke(app, ["--lang", "sq", "key", "new", "--identity", str(tmp_path / "sq.txt")])
    assert again.exit_code == 2 and "ekziston tashmë një identitet; nuk mbishkruhet" in again.output

    english, albanian = both(runner, app, sealed, "key", "show")
    assert english.exit_code == albanian.exit_code == 0, albanian.output
    speaks(english, albanian, "member: member-besa", "anëtari: member-besa")
    english, albanian = both(runner, app, sealed, "key", "show", "--identity", str(tmp_path / "missing.txt"))
    assert english.exit_code == albanian.exit_code == 2
    speaks(english, albanian, "no age identity at", "nuk ka identitet age në")


def test_signature_and_exposure_findings(runner: Any, app: Any, sealed: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    check = ("check", "--as-of", "2025-03-13", "--no-cache", "--signatures")
    english, albanian = both(runner, app, sealed, *check)
    assert english.exit_code == albanian.exit_code, albanian.output
    speaks(english, albanian, "is not signed ('case: new", "nuk është i nënshkruar ('case: new")
    speaks(english, albanian, ": sign commits with `lpsc key signing", ": nënshkruani commit-et me `lpsc key signing")
    english, albanian = both(runner, app, sealed, *check, "--format", "json")
    assert english.stdout == albanian.stdout and "is not signed" in english.stdout

    publish = ("meeting", "publish", MEETING, "--press-release", "2025-03-12T16:00", "--summary", f"About {NAME}.")
    english, albanian = both(runner, app, sealed, *publish)
    assert english.exit_code == albanian.exit_code == 1, albanian.output
    speaks(english, albanian, "Public text must never name a person of a case",
           "Teksti publik nuk duhet të përmendë kurrë një person të një rasti")  # fmt: skip
    assert NAME not in albanian.output

    path = sealed.root / MEETING_FILE
    path.write_text(path.read_text() + f"summary: Talked with {NAME}.\n", encoding="utf-8")
    git(sealed.root, "commit", "-qam", "summary")
    english, albanian = both(runner, app, sealed, "check", "--as-of", "2025-03-13", "--reveal")
    assert english.exit_code == albanian.exit_code == 1, albanian.output
    speaks(english, albanian, "summary is public and holds the identity.name sealed in case-2025-001",
           "summary është publik dhe përmban identity.name të vulosur në case-2025-001")  # fmt: skip
    monkeypatch.setenv("LPSC_IDENTITY", str(sealed.keys["cera"]))  # a key that reads no case
    english, albanian = both(runner, app, sealed, "meeting", "decide", MEETING, "--text", "The plan is approved.")
    assert english.exit_code == albanian.exit_code == 0, albanian.output
    speaks(english, albanian, "lpsc: your key reads none of the 1 sealed case(s)",
           "lpsc: çelësi juaj nuk e lexon rastin e vulosur (gjithsej 1)")  # fmt: skip


@pytest.mark.parametrize(("n", "form"), [(0, "u rivulosën 0 raste"), (1, "u rivulos 1 rast"),
                                         (2, "u rivulosën 2 raste"), (5, "u rivulosën 5 raste")])  # fmt: skip
def test_albanian_plural_forms(n: int, form: str) -> None:
    words = i18n.Translator("sq")
    assert words.ngettext("resealed {n} case(s)", "resealed {n} case(s)", n).format(n=n) == form
    assert i18n.Translator("en").ngettext("resealed {n} case(s)", "resealed {n} case(s)", n).format(n=n) == (
        f"resealed {n} case(s)"
    )


def test_revealed_labels_follow_the_language() -> None:
    from lpsc_cli.sealing.access import revealed_text

    content = {"identity": {"name": NAME}, "isp_goals": "School."}
    assert revealed_text(content, "sq") == f"Identiteti:\n  Emri: {NAME}\nObjektivat e PIM: School.\n"
    assert revealed_text(content, "en") == f"Identity:\n  Name: {NAME}\nISP goals: School.\n"
