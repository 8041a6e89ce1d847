"""Build hook: compile the message catalogs (`lpsc_cli/locale/*/LC_MESSAGES/lpsc.po`) to `.mo`.

Hatchling runs it for every build, the wheel and the editable install alike, so that
`pip install .` and `pip install -e .` both ship compiled catalogs without a network or a
separate step. The `.mo` files are written next to their `.po` (they are not kept in git) and
included in the wheel as artifacts. See docs/translations.md.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from hatchling.builders.hooks.plugin.interface import BuildHookInterface

DOMAIN = "lpsc"


def compile_catalogs(root: Path) -> list[Path]:
    """Compile every `lpsc.po` under `lpsc_cli/locale` to the `lpsc.mo` beside it; the files written."""
    written = []
    for po in sorted((root / "lpsc_cli" / "locale").glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
        with po.open("rb") as handle:
            catalog = read_po(handle, locale=po.parent.parent.name, domain=DOMAIN)
        mo = po.with_suffix(".mo")
        with mo.open("wb") as handle:
            write_mo(handle, catalog, use_fuzzy=False)
        written.append(mo)
    return written


class CatalogBuildHook(BuildHookInterface):  # type: ignore[misc]
    """Compiles the catalogs before hatchling collects the package's files."""

    PLUGIN_NAME = "catalogs"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel":  # the wheel and the editable install; an sdist ships the .po
            return
        root = Path(self.root)
        for mo in compile_catalogs(root):
            build_data["artifacts"].append(mo.relative_to(root).as_posix())
