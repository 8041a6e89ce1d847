"""`lpsc init` names the council's legal basis, composition profile, prefecture and record format."""

from __future__ import annotations

from lpsc_cli.migrate import FORMAT
from lpsc_cli.repository import load_repository
from lpsc_cli.rules import rule_listing


def test_init_writes_the_basis_that_decides_the_rules(runner, app, tmp_path) -> None:
    root = tmp_path / "kvsp"
    args = ["init", str(root), "--council", "librazhd", "--name", "KVSP Librazhd", "--prefecture", "elbasan",
            "--profile", "elbasan-regulation", "--basis", "council-regulation", "--no-commit"]  # fmt: skip
    done = runner.invoke(app, args)
    assert done.exit_code == 0, done.output
    config = load_repository(root, cache=False).config
    assert (config["format"], config["profile"], config["basis"], config["prefecture"]) == (
        FORMAT, "elbasan-regulation", "council-regulation", "elbasan",
    )  # fmt: skip
    applies = {rule.id: rule.applies for rule in rule_listing(config)}
    assert applies["secretariat-monthly"] and not applies["screening-5wd"]  # R only; A only
    checked = runner.invoke(app, ["check", "--repo", str(root)])
    assert checked.exit_code == 0, checked.output


def test_init_refuses_an_unknown_basis_or_profile(runner, app, tmp_path) -> None:
    for option, value in (("--basis", "nope"), ("--profile", "nope"), ("--prefecture", "Not An Id")):
        done = runner.invoke(app, ["init", str(tmp_path / value), "--council", "x", "--name", "X", option, value])
        assert done.exit_code == 2 and option in done.output
        assert not (tmp_path / value / "lpsc.yaml").exists()


def test_the_composition_order_is_recorded_from_the_cli(runner, app, tmp_path) -> None:
    """The mayor's order (A §3.1) goes into lpsc.yaml in one commit, comments kept; check stays clean."""
    import subprocess

    root = tmp_path / "kvsp"
    assert runner.invoke(app, ["init", str(root), "--council", "x", "--name", "X"]).exit_code == 0
    done = runner.invoke(app, ["compose", "--order", "Nr. 281", "--date", "2025-05-06", "--repo", str(root)])
    assert done.exit_code == 0, done.output
    config = load_repository(root, cache=False).config
    assert config["composition"] == {"order": "Nr. 281", "date": "2025-05-06"}
    text = (root / "lpsc.yaml").read_text(encoding="utf-8")
    assert text.startswith("# Council configuration")
    log = subprocess.run(
        ["git", "-C", str(root), "log", "-1", "--format=%s"],
        capture_output=True,
        text=True,
        timeout=600,
        stdin=subprocess.DEVNULL,
    )
    assert log.stdout.strip() == "council: composition Nr. 281"
    assert runner.invoke(app, ["check", "--repo", str(root)]).exit_code == 0
    bad = runner.invoke(app, ["compose", "--order", "Nr. 1", "--date", "2025-02-30", "--repo", str(root)])
    assert bad.exit_code == 2
