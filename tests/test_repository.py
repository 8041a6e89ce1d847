"""Finding and loading a repository: root lookup, configuration errors, bad files, the cache."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from lpsc_cli.cache import Cache
from lpsc_cli.errors import ConfigurationError
from lpsc_cli.repository import find_root, load_repository

INSTITUTION = {"id": "police", "name": {"sq": "Policia", "en": "Police"}, "sector": "police"}


def test_find_root_walks_upward(make_repo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = make_repo()
    deep = repo.root / "cases" / "2025"
    deep.mkdir(parents=True)
    monkeypatch.delenv("LPSC_REPO", raising=False)
    assert find_root(cwd=deep) == repo.root.resolve()
    monkeypatch.setenv("LPSC_REPO", str(repo.root))
    assert find_root(cwd=tmp_path) == repo.root.resolve()


def test_no_repository_is_a_configuration_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LPSC_REPO", raising=False)
    with pytest.raises(ConfigurationError, match=r"no lpsc\.yaml"):
        find_root(cwd=tmp_path)
    with pytest.raises(ConfigurationError, match="no such folder"):
        find_root(tmp_path / "missing")
    with pytest.raises(ConfigurationError, match="not an lpsc repository"):
        find_root(tmp_path)


def test_broken_configuration_names_file_and_line(make_repo) -> None:
    repo = make_repo()
    repo.write("lpsc.yaml", "council: testville\nname: [oops\n")
    with pytest.raises(ConfigurationError, match=r"lpsc.yaml:\d+: cannot parse YAML") as err:
        repo.load()
    assert err.value.exit_code == 2
    repo.write("lpsc.yaml", "council: testville\nname: Test\nlanguage: fr\n")
    with pytest.raises(ConfigurationError, match=r"lpsc.yaml:3: language: 'fr' is not one of"):
        repo.load()


def test_valid_records_load_and_invalid_ones_are_kept_out(make_repo) -> None:
    repo = make_repo()
    repo.add("institution", INSTITUTION)
    repo.add("institution", {**INSTITUTION, "id": "bad", "sector": "space"})
    loaded = repo.load()
    assert set(loaded.records["institution"]) == {"police"}
    assert loaded.ids["institution"] == {"police", "bad"}
    assert [i.code for i in loaded.issues] == ["schema"]
    assert loaded.issues[0].file == "institutions/bad.yaml" and loaded.issues[0].line == 5


def test_symlink_outside_the_repository_is_not_read(make_repo, tmp_path: Path) -> None:
    repo = make_repo()
    secret = tmp_path / "outside.yaml"
    secret.write_text("id: outside\nname: Outside\nsector: police\n")
    (repo.root / "institutions").mkdir()
    os.symlink(secret, repo.root / "institutions" / "outside.yaml")
    loaded = repo.load()
    assert [(i.code, i.file) for i in loaded.issues] == [("outside", "institutions/outside.yaml")]
    assert loaded.records["institution"] == {}


def test_huge_file_is_refused_without_parsing(make_repo) -> None:
    repo = make_repo()
    repo.write("institutions/huge.yaml", b"id: huge\nname: " + b"x" * (5 * 1024 * 1024) + b"\n")
    loaded = repo.load()
    assert [i.code for i in loaded.issues] == ["too-large"]


def test_id_with_slash_is_a_schema_error(make_repo) -> None:
    repo = make_repo()
    repo.write("institutions/a.yaml", "id: a/b\nname: A\nsector: police\n")
    loaded = repo.load()
    assert [(i.code, i.line) for i in loaded.issues] == [("schema", 1)]


def test_cache_reuses_parsed_files_and_notices_changes(make_repo) -> None:
    repo = make_repo()
    path = repo.add("institution", INSTITUTION)
    first = load_repository(repo.root)
    assert (Cache.of(repo.root).folder / "records-institution-en.marshal").is_file()
    assert not (repo.root / ".lpsc-cache").exists()
    second = load_repository(repo.root)
    assert second.records["institution"]["police"].data == first.records["institution"]["police"].data
    assert second.digest == first.digest
    path.write_text(path.read_text().replace("sector: police", "sector: space"))
    third = load_repository(repo.root)
    assert third.digest != first.digest
    assert [i.code for i in third.issues] == ["schema"]


def test_cache_is_ignored_when_corrupt(make_repo) -> None:
    repo = make_repo()
    repo.add("institution", INSTITUTION)
    load_repository(repo.root)
    (Cache.of(repo.root).folder / "records-institution-en.marshal").write_bytes(b"garbage")
    assert set(load_repository(repo.root).records["institution"]) == {"police"}


def test_linked_record_folder_outside_the_repository_is_not_read(make_repo, tmp_path: Path) -> None:
    repo = make_repo()
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "police.yaml").write_text("id: police\nname: Police\nsector: police\n")
    os.symlink(outside, repo.root / "institutions")
    loaded = repo.load()
    assert [(i.code, i.file) for i in loaded.issues] == [("outside", "institutions")]
    assert loaded.records["institution"] == {}
