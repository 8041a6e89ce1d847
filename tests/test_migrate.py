"""`lpsc migrate`: an old repository brought up to date in one commit, and left alone after."""

from __future__ import annotations

from lpsc_cli.migrate import FORMAT
from tests.support.cli import lpsc
from tests.support.records import git, git_init, seeded, subjects


def _old_repository(make_repo):
    repo = seeded(make_repo, in_git=False)
    config = repo.root / "lpsc.yaml"
    config.write_text("# the council's settings, as written by hand\n" + config.read_text(encoding="utf-8"))
    repo.write(".lpsc-cache/records.marshal", b"left by lpsc 0.1")
    git_init(repo.root)
    git(repo.root, "add", "-f", ".lpsc-cache")
    git(repo.root, "commit", "-qm", "the old cache, committed by mistake")
    return repo


def test_an_old_repository_is_told_migrated_once_and_then_left_alone(runner, app, make_repo) -> None:
    repo = _old_repository(make_repo)
    before = runner.invoke(app, ["check", "--repo", str(repo.root), "--as-of", "2025-06-30", "--format", "json"])
    assert '"code": "migrate"' in before.output and '"code": "cache-committed"' in before.output
    dry = lpsc(runner, app, repo.root, "migrate", "--dry-run")
    assert dry.exit_code == 0 and dry.output.startswith("would remove .lpsc-cache/")
    assert (repo.root / ".lpsc-cache").exists()
    done = lpsc(runner, app, repo.root, "migrate")
    assert done.exit_code == 0, done.output
    assert "record the format in lpsc.yaml" in done.output and "committed" in done.output
    assert subjects(repo.root)[0] == "migrate: format 2 (cache-folder, format)"
    assert git(repo.root, "ls-files", ".lpsc-cache") == ""
    assert not (repo.root / ".lpsc-cache").exists()
    config = (repo.root / "lpsc.yaml").read_text(encoding="utf-8")
    assert config.startswith("# the council's settings, as written by hand\ncouncil: testville\nformat: 2\n")
    assert git(repo.root, "status", "--porcelain") == ""
    again = lpsc(runner, app, repo.root, "migrate")
    assert again.output == f"up to date: format {FORMAT}, nothing to change\n"
    assert subjects(repo.root)[0] == "migrate: format 2 (cache-folder, format)"
    after = runner.invoke(app, ["check", "--repo", str(repo.root), "--as-of", "2025-06-30", "--format", "json"])
    assert '"code": "migrate"' not in after.output and '"code": "cache-committed"' not in after.output


def test_a_repository_from_a_newer_lpsc_is_an_error_and_not_migrated(runner, app, make_repo) -> None:
    repo = seeded(make_repo)
    repo.config(format=FORMAT + 1)
    checked = runner.invoke(app, ["check", "--repo", str(repo.root), "--as-of", "2025-06-30"])
    assert checked.exit_code == 1 and "format-newer" in checked.output
    refused = lpsc(runner, app, repo.root, "migrate")
    assert refused.exit_code != 0 and "upgrade lpsc" in refused.output


def test_the_example_as_lpsc_0_1_wrote_it_is_told_to_migrate_and_checks_clean_after(runner, app, tmp_path) -> None:
    """tests/fixtures/elbasan-0.1 is examples/elbasan as the first version kept it, frozen.

    Its only finding is the request to migrate (its meetings name the plan in the legacy `plans`
    field); after `lpsc migrate` it checks clean, and only the meetings and the plan changed.
    """
    import shutil
    from pathlib import Path

    from lpsc_cli.repository import load_repository

    source = Path(__file__).resolve().parent / "fixtures" / "elbasan-0.1"
    root = tmp_path / "elbasan"
    shutil.copytree(source, root)
    git_init(root)
    args = ["check", "--repo", str(root), "--as-of", "2025-12-31", "--strict"]
    before = load_repository(root, cache=False)
    told = runner.invoke(app, args).stdout.splitlines()
    assert told[0].startswith("lpsc.yaml:1: warning migrate: run `lpsc migrate`") and told[1:] == [
        "failed: 0 errors, 1 warning"
    ]
    assert lpsc(runner, app, root, "migrate").exit_code == 0
    assert runner.invoke(app, args).stdout == "ok: no findings\n"
    after = load_repository(root, cache=False)

    def without_plan_cycle(records):
        return {
            kind: {
                i: {k: v for k, v in r.data.items() if k not in ("plans", "revisions", "approved_at")}
                for i, r in by_id.items()
            }
            for kind, by_id in records.items()
        }

    assert without_plan_cycle(after.records) == without_plan_cycle(before.records)
    assert after.config == {**before.config, "format": FORMAT}
