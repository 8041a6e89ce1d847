"""Small record repositories written into a folder, and where the project and its example are."""

from __future__ import annotations

import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from lpsc_cli.model import expected_path
from lpsc_cli.repository import load_repository

PROJECT = Path(__file__).resolve().parents[2]
EXAMPLE = PROJECT / "examples" / "elbasan"

BASE_CONFIG: dict[str, Any] = {
    "council": "testville",
    "name": {"sq": "KVSP Testville", "en": "Testville LPSC"},
    "municipality": {"sq": "Bashkia Testville", "en": "Municipality of Testville"},
    "language": "en",
    "profile": "normative-act",
}


class RepoBuilder:
    """Writes a record repository into a temporary folder, one record at a time.

    `repo.add("case", {...})` writes the record where it belongs (`cases/2025/<id>.yaml`);
    `repo.write("members/x.yaml", "raw: text")` writes raw text for bad-input tests.
    """

    def __init__(self, root: Path, config: Mapping[str, Any]) -> None:
        self.root = root
        self.write("lpsc.yaml", yaml.safe_dump(dict(config), allow_unicode=True, sort_keys=False))

    def write(self, rel: str, content: str | bytes) -> Path:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    def add(self, kind: str, data: Mapping[str, Any], *, rel: str | None = None) -> Path:
        target = rel or expected_path(kind, str(data["id"]), data)
        assert target is not None, f"cannot place {kind} {data.get('id')}"
        return self.write(target, yaml.safe_dump(dict(data), allow_unicode=True, sort_keys=False))

    def config(self, **changes: Any) -> None:
        data = {**BASE_CONFIG, **changes}
        self.write("lpsc.yaml", yaml.safe_dump(data, allow_unicode=True, sort_keys=False))

    def load(self) -> Any:
        return load_repository(self.root, cache=False)


def make_three_councils(folder: Path) -> list[Path]:
    """Three councils: the Elbasan example copied, each with its own id and name."""
    paths = []
    for council, name in (("elbasan", "Elbasan"), ("brezovica", "Brezovica"), ("malesia", "Malësia")):
        target = folder / council
        shutil.copytree(EXAMPLE, target, ignore=shutil.ignore_patterns(".lpsc-cache"))
        config = yaml.safe_load((target / "lpsc.yaml").read_text(encoding="utf-8"))
        config["council"] = council
        config["name"] = {"sq": f"KVSP {name}", "en": f"{name} LPSC"}
        (target / "lpsc.yaml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
        paths.append(target)
    return paths
