"""A council's own templates: every file under `templates/` must be a regular file of the repository.

A council may override the built-in templates, stylesheet (`print.css`), catalogues
(`i18n/<lang>.yaml`) and Word reference document in its `templates/` folder. A link there
that leads outside the repository (`templates/key.j2 -> ~/.config/lpsc/identity.txt`) would
put whatever it points to into a published document, and a pipe or a device would hang the
render; rendering refuses such files (`documents.templating`), and `lpsc check` reports them
here, with a stylesheet that holds a `<` (it could close the `<style>` element of every HTML
page it is written into).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from lpsc_cli.errors import Issue, error
from lpsc_cli.i18n import N_
from lpsc_cli.i18n import gettext as _

if TYPE_CHECKING:
    from lpsc_cli.checks import CheckOptions
    from lpsc_cli.repository import Repository


#: The folder of a council's own templates, stylesheet, catalogues and reference document.
TEMPLATES_FOLDER = "templates"
#: Why a pipe, a device or a folder may not be a template (compared where a folder is judged).
NOT_REGULAR = N_("is not a regular file")


def template_file_problem(path: Path, repo_root: Path) -> str | None:
    """Why a council's template file may not be read, or None when it may.

    It must resolve inside the repository (a link may point elsewhere in it, never out of
    it) and be a regular file (not a pipe that would block, nor a device).
    """
    try:
        resolved = path.resolve(strict=True)
        mode = resolved.stat().st_mode
    except (OSError, RuntimeError):  # a dangling link, a link loop
        return _("is a link that leads nowhere (or in a loop)")
    if not resolved.is_relative_to(repo_root.resolve()):
        return _("is a link to a file outside the repository")
    if not stat.S_ISREG(mode):
        return _(NOT_REGULAR)
    return None


def stylesheet_problem(css: str) -> tuple[int, str] | None:
    """The line and reason a stylesheet may not go into a `<style>` element, or None.

    CSS has no use for `<` outside strings and comments, and `</style>` (in any case) there
    would end the element and let the rest of the file be read as HTML: a `<` is refused.
    """
    at = css.find("<")
    if at < 0:
        return None
    return css.count("\n", 0, at) + 1, _("a stylesheet may not contain '<' (it could close the <style> element)")


def template_problems(root: Path) -> list[Issue]:
    """Findings about the files of `<root>/templates/`: links out of the repository, files that
    are not regular files (pipes, devices, dangling links), stylesheets holding `<`.

    Links to folders are judged but not followed; nothing but stylesheets is read.
    """
    folder = root / TEMPLATES_FOLDER
    if not os.path.lexists(folder):
        return []
    issues: list[Issue] = []
    for path in _entries(folder):
        shown = path.relative_to(root).as_posix()
        if path.is_dir() and not path.is_symlink():
            continue
        problem = template_file_problem(path, root)
        if problem is not None and not (path.is_dir() and problem == _(NOT_REGULAR)):
            issues.append(
                error(
                    "template-file",
                    _("{problem}; council templates must be files of the repository").format(problem=problem),
                    file=shown,
                )
            )
        elif problem is None and path.suffix == ".css":
            found = stylesheet_problem(path.read_text(encoding="utf-8", errors="replace"))
            if found is not None:
                issues.append(error("template-file", found[1], file=shown, line=found[0]))
    return issues


def _entries(folder: Path) -> Iterator[Path]:
    """`folder` itself and everything under it, without following links to folders."""
    yield folder
    if folder.is_symlink() or not folder.is_dir():
        return
    for top, folders, files in os.walk(folder, followlinks=False, onerror=None):
        for name in sorted((*folders, *files)):
            yield Path(top, name)


def check(repo: Repository, options: CheckOptions) -> Iterator[Issue]:
    """The council's `templates/` folder (see `template_problems`)."""
    yield from template_problems(repo.root)
