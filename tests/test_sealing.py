"""The sealing core: keys, the envelope, readers, seal/reveal/reseal round trips (issue 7)."""

from __future__ import annotations

import base64
import stat
import subprocess
from datetime import date, datetime
from pathlib import Path

import pytest

from lpsc_cli.errors import UsageError
from lpsc_cli.model import Record
from lpsc_cli.sealing import (
    IdentityMissing,
    NotAReader,
    armour_problem,
    collect_parts,
    default_identity_path,
    readers_for,
    reveal_lines,
    revealed_text,
    seal,
    seal_case,
    unseal,
)
from lpsc_cli.sealing.keys import create_identity, parse_recipient, public_keys_of
from tests.support.sealing import case, council, make_identity
from tests.support.tools import require

CONTENT = {
    "identity": {"name": "Drita Qendresa", "birth_date": "2011-05-02", "guardians": ["Mother: Vjosa"]},
    "narrative": "Bullied at school; two incidents in February.",
}


@pytest.fixture
def keys(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    folder = tmp_path / "keys"
    return {name: make_identity(folder, name) for name in ("member-arta", "member-besa", "member-cera")}


@pytest.fixture
def repo(make_repo, keys):
    builder = make_repo()
    council(builder, {m: public for m, (_, public) in keys.items()})
    builder.add("case", case())
    return builder


# -- keys -------------------------------------------------------------------------------------


def test_identity_file_is_private_age_format_and_never_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "cfg" / "lpsc" / "identity.txt"
    public = create_identity(path, created=datetime(2025, 3, 1, 10, 30))
    lines = path.read_text().splitlines()
    assert lines[0] == "# created: 2025-03-01T10:30:00"
    assert lines[1] == f"# public key: {public}"
    assert lines[2].startswith("AGE-SECRET-KEY-1") and len(lines) == 3
    assert public.startswith("age1") and len(public) == 62
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert public_keys_of(path) == [public]
    before = path.read_bytes()
    with pytest.raises(UsageError, match="refusing to overwrite"):
        create_identity(path, created=datetime(2025, 3, 2))
    assert path.read_bytes() == before


def test_default_identity_path_follows_lpsc_identity_then_xdg() -> None:
    assert default_identity_path({"XDG_CONFIG_HOME": "/x/cfg"}) == Path("/x/cfg/lpsc/identity.txt")
    assert default_identity_path({"XDG_CONFIG_HOME": "/x/cfg", "LPSC_IDENTITY": "/k/me.txt"}) == Path("/k/me.txt")
    assert default_identity_path({"HOME": "/home/u"}).parts[-3:] == (".config", "lpsc", "identity.txt")


def test_a_missing_identity_says_how_to_make_one(tmp_path: Path) -> None:
    with pytest.raises(IdentityMissing, match="create one with `lpsc key new`") as caught:
        unseal("x", tmp_path / "none.txt")
    assert caught.value.exit_code == 2


def test_public_keys_are_checked(keys) -> None:
    public = keys["member-arta"][1]
    assert parse_recipient(f"  {public}\n") == public
    with pytest.raises(UsageError, match="not an age public key"):
        parse_recipient("age1notakey")
    secret = keys["member-arta"][0].read_text().splitlines()[2]
    with pytest.raises(UsageError, match="that is a private key"):
        parse_recipient(secret)


# -- the envelope -----------------------------------------------------------------------------


def test_round_trip_for_one_reader(keys) -> None:
    path, public = keys["member-arta"]
    armour = seal(CONTENT, [public])
    assert armour.startswith("-----BEGIN AGE ENCRYPTED FILE-----\n")
    assert armour.endswith("-----END AGE ENCRYPTED FILE-----\n")
    assert armour_problem(armour) is None
    assert "Drita" not in armour
    assert unseal(armour, path) == CONTENT


def test_round_trip_for_several_readers_and_a_non_reader_is_told_who_can(keys) -> None:
    armour = seal(CONTENT, [keys["member-arta"][1], keys["member-besa"][1]])
    assert unseal(armour, keys["member-arta"][0]) == CONTENT
    assert unseal(armour, keys["member-besa"][0]) == CONTENT
    with pytest.raises(NotAReader) as caught:
        unseal(armour, keys["member-cera"][0], readers=["member-arta", "member-besa"])
    assert str(caught.value) == "your key is not one this was sealed to; it can be read by: member-arta, member-besa"
    assert caught.value.readers == ("member-arta", "member-besa")


def test_sealing_to_nobody_is_refused() -> None:
    with pytest.raises(UsageError, match="nobody to seal to"):
        seal(CONTENT, [])


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("Drita Qendresa, 2011-05-02", "it does not begin with '-----BEGIN AGE ENCRYPTED FILE-----'"),
        ("-----BEGIN AGE ENCRYPTED FILE-----\nDrita Qendresa lives in Elbasan\n", "it does not end with"),
        (
            "-----BEGIN AGE ENCRYPTED FILE-----\nDrita Qendresa\n-----END AGE ENCRYPTED FILE-----\n",
            "the body is not valid base64",
        ),
        (
            "-----BEGIN AGE ENCRYPTED FILE-----\n"
            + base64.b64encode(b"hello world").decode()
            + "\n-----END AGE ENCRYPTED FILE-----\n",
            "the body is not an age file (no age-encryption.org/v1 header)",
        ),
        (12, "not text"),
    ],
)
def test_armour_problems_are_named(text, problem) -> None:
    found = armour_problem(text)
    assert found is not None and found.startswith(problem)


def test_a_short_line_inside_the_armour_is_refused(keys) -> None:
    lines = seal(CONTENT, [keys["member-arta"][1]]).splitlines()
    lines[1] = lines[1][:40]
    assert armour_problem("\n".join(lines)) == "line 2 is not a 64-column base64 line"


def test_parts_from_command_options() -> None:
    assert collect_parts(
        name="Drita Qendresa",
        phone="+355 69 000 0000",
        guardians=["Vjosa (mother)"],
        narrative="Two incidents.",
        contact_notes="",
    ) == {
        "identity": {"name": "Drita Qendresa", "phone": "+355 69 000 0000", "guardians": ["Vjosa (mother)"]},
        "narrative": "Two incidents.",
    }
    assert collect_parts() == {}
    with pytest.raises(UsageError, match="--birth-date: '2011-13-40' is not a date"):
        collect_parts(birth_date="2011-13-40")


# -- readers ----------------------------------------------------------------------------------


def test_default_readers_are_the_case_manager_and_the_technical_secretariat(repo) -> None:
    loaded = repo.load()
    data = loaded.get("case", "case-2025-001").data
    assert readers_for(loaded, data) == ["member-arta", "member-besa"]
    assert readers_for(loaded, data, ["member-cera", "member-nobody"]) == ["member-arta", "member-besa", "member-cera"]
    assert readers_for(loaded, case(manager=None)) == ["member-besa"]


def test_a_member_whose_term_ended_is_no_longer_a_reader(make_repo, keys) -> None:
    builder = make_repo()
    council(builder, {m: public for m, (_, public) in keys.items()}, secretariat_to="2025-04-30")
    loaded = builder.load()
    assert readers_for(loaded, case(), as_of=date(2025, 4, 30)) == ["member-arta", "member-besa"]
    assert readers_for(loaded, case(), as_of=date(2025, 5, 1)) == ["member-arta"]


# -- sealing a case ---------------------------------------------------------------------------


def test_seal_case_merges_identity_appends_notes_and_lists_parts(repo, keys) -> None:
    loaded = repo.load()
    data = dict(loaded.get("case", "case-2025-001").data)
    first = seal_case(
        loaded, data, collect_parts(name="Drita Qendresa", narrative="First account."), as_of=date(2025, 3, 10)
    )
    assert first.block["readers"] == ["member-arta", "member-besa"]
    assert first.block["parts"] == ["identity", "narrative"]
    data["sealed"] = first.block
    second = seal_case(
        loaded,
        data,
        {
            "identity": {"phone": "+355 69 111"},
            "notes": [{"date": "2025-03-20", "by": "member-arta", "text": "Visit."}],
        },
        identity=keys["member-besa"][0],
        as_of=date(2025, 3, 20),
    )
    assert second.block["parts"] == ["identity", "narrative", "notes"]
    assert unseal(second.block["age"], keys["member-arta"][0]) == {
        "identity": {"name": "Drita Qendresa", "phone": "+355 69 111"},
        "narrative": "First account.",
        "notes": [{"date": "2025-03-20", "by": "member-arta", "text": "Visit."}],
    }


def test_updating_sealed_content_needs_a_readers_key(repo, keys) -> None:
    loaded = repo.load()
    data = dict(loaded.get("case", "case-2025-001").data)
    data["sealed"] = seal_case(loaded, data, {"narrative": "x y"}).block
    with pytest.raises(NotAReader) as caught:
        seal_case(loaded, data, {"narrative": "changed"}, identity=keys["member-cera"][0])
    assert str(caught.value) == (
        "you are not a reader of case-2025-001: it can be read by member-arta (Arta Test), member-besa (Besa Test)"
    )


def test_readers_without_a_key_are_left_out_and_reported(make_repo, keys) -> None:
    builder = make_repo()
    council(builder, {"member-arta": keys["member-arta"][1]})
    loaded = builder.load()
    sealing = seal_case(loaded, case(), {"narrative": "x y"})
    assert sealing.readers == ("member-arta",)
    assert sealing.without_key == ("member-besa",)


def test_an_added_reader_is_kept_on_reseal_but_a_former_manager_is_dropped(repo, keys) -> None:
    loaded = repo.load()
    data = dict(loaded.get("case", "case-2025-001").data)
    data["sealed"] = seal_case(loaded, data, {"narrative": "x y"}, extra_readers=["member-cera"]).block
    assert data["sealed"]["readers"] == ["member-arta", "member-besa", "member-cera"]
    data["case_manager"] = {"member": "member-cera", "assigned": "2025-05-01"}
    resealed = seal_case(loaded, data, {}, identity=keys["member-besa"][0])
    assert resealed.readers == ("member-cera", "member-besa")
    assert resealed.dropped == ("member-arta",)
    with pytest.raises(NotAReader):
        unseal(resealed.block["age"], keys["member-arta"][0])
    dropped = seal_case(
        loaded, {**data, "sealed": resealed.block}, {}, drop_readers=["member-cera"], identity=keys["member-besa"][0]
    )
    assert dropped.readers == ("member-cera", "member-besa")  # still the case manager


def test_an_unknown_reader_option_is_a_usage_error(repo) -> None:
    loaded = repo.load()
    with pytest.raises(UsageError, match="--reader member-zana: no such member"):
        seal_case(loaded, case(), {"narrative": "x y"}, extra_readers=["member-zana"])
    with pytest.raises(UsageError, match="nothing to seal"):
        seal_case(loaded, case(), {})


def test_reveal_lines_and_their_text(repo, keys) -> None:
    loaded = repo.load()
    data = dict(loaded.get("case", "case-2025-001").data)
    parts = {**CONTENT, "notes": [{"date": "2025-03-20", "by": "member-arta", "text": "Visit."}]}
    data["sealed"] = seal_case(loaded, data, parts).block
    record = Record("case", "case-2025-001", "cases/2025/case-2025-001.yaml", data)
    content = reveal_lines(loaded, record, keys["member-arta"][0])
    assert list(content) == ["identity", "narrative", "notes"]
    assert revealed_text(content) == (
        "Identity:\n"
        "  Name: Drita Qendresa\n"
        "  Birth date: 2011-05-02\n"
        "  Guardians: Mother: Vjosa\n"
        "Narrative: Bullied at school; two incidents in February.\n"
        "Notes:\n"
        "  2025-03-20 member-arta: Visit.\n"
    )
    assert revealed_text(content, "sq").splitlines()[1] == "  Emri: Drita Qendresa"
    assert reveal_lines(loaded, loaded.get("case", "case-2025-001"), keys["member-arta"][0]) == {}


# -- interoperability with the age tool -------------------------------------------------------


def test_the_age_tool_decrypts_our_armour_and_we_decrypt_its(keys) -> None:
    age = require("age")
    path, public = keys["member-arta"]
    armour = seal(CONTENT, [public])
    done = subprocess.run(
        [age, "-d", "-i", str(path)], input=armour.encode(), capture_output=True, check=True, timeout=600
    )
    assert "name: Drita Qendresa" in done.stdout.decode()
    made = subprocess.run(
        [age, "-e", "-a", "-r", public], input=b"narrative: from age\n", capture_output=True, check=True, timeout=600
    )
    assert unseal(made.stdout.decode(), path) == {"narrative": "from age"}
