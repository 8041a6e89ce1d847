"""`lpsc site`: the council's dashboard (or several councils' comparison) as a static web site."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from lpsc_cli.cli.common import AsOfOption, handle_errors, left_out, parse_day
from lpsc_cli.errors import UsageError
from lpsc_cli.i18n import gettext as _
from lpsc_cli.i18n import ngettext

# The library is imported inside each command, not here: `lpsc --help` and every other command's
# start-up must not load YAML, schemas, git or the checks (docs/architecture.md).


class Language(StrEnum):
    sq = "sq"
    en = "en"


def council_folders(paths: list[Path] | None) -> list[Path | None]:
    """The repositories named by `--repo`: each a repository, or a folder of repositories."""
    if not paths:
        return [None]
    found: list[Path | None] = []
    for path in paths:
        if path.is_dir() and not (path / "lpsc.yaml").is_file():
            inside = sorted(p for p in path.iterdir() if p.is_dir() and (p / "lpsc.yaml").is_file())
            if not inside:
                raise UsageError(
                    _("--repo {path}: neither a record repository nor a folder holding some").format(path=path)
                )
            found.extend(inside)
        else:
            found.append(path)
    return found


def site_command(
    output: Annotated[
        Path,
        typer.Option("--output", "-o", help="The folder to write the site into.", file_okay=False, metavar="DIR"),
    ],
    repos: Annotated[
        list[Path] | None,
        typer.Option(
            "--repo",
            help="A record repository, or a folder holding several; repeat for a comparison of councils "
            "(default: $LPSC_REPO, or the nearest folder upward holding lpsc.yaml).",
            file_okay=False,
            show_default=False,
            metavar="PATH",
        ),
    ] = None,
    public: Annotated[
        bool,
        typer.Option(
            "--public", help="Public fields and aggregate case counts only: the site a municipality may publish."
        ),
    ] = False,
    as_of: AsOfOption = None,
    lang: Annotated[
        Language | None, typer.Option("--lang", help="Language of the site (default: the first council's).")
    ] = None,
    force: Annotated[
        bool,
        typer.Option("--force", help="Replace DIR even if it is not a site lpsc wrote, or is inside a repository."),
    ] = False,
) -> None:
    """Write a static web site of the council's records: KPIs against targets, deadlines, plan,
    meetings, cases (internal site only) and trainings, with charts; with several councils, a
    comparison page.

    The site is HTML, one stylesheet and SVG charts: it opens from the folder or from any web
    server. The year shown is that of --as-of. Exit 0 when written, 2 on a usage error.
    """
    # Lazy imports: the site pulls in matplotlib, which `lpsc --help` must not pay for.
    from lpsc_cli.repository import load_repository
    from lpsc_cli.site import SiteOptions, build
    from lpsc_cli.site.output import check_target, write_site

    with handle_errors():
        day = parse_day(as_of)
        repositories = [load_repository(path) for path in council_folders(repos)]
        for repository in repositories:
            left_out(repository, strict=False)
        check_target(output, [r.root for r in repositories], force=force)
        for repository in repositories:
            broken = {i.file for i in repository.issues if i.severity == "error" and i.file}
            if broken:
                message = ngettext(
                    "lpsc: {council}: {n} file with errors left out (run `lpsc check`)",
                    "lpsc: {council}: {n} files with errors left out (run `lpsc check`)",
                    len(broken),
                )
                sys.stderr.write(message.format(council=repository.council, n=len(broken)) + "\n")
        if public:
            from lpsc_cli.cli.exposure import guard_public_fields

            guard_public_fields(repositories)
        options = SiteOptions(as_of=day, lang=lang.value if lang else None, public=public)
        site = build(repositories, options, cache=True)
        write_site(site, output)
    written = ngettext("lpsc: wrote {n} page to {index}", "lpsc: wrote {n} pages to {index}", len(site.pages))
    sys.stderr.write(written.format(n=len(site.pages), index=f"{output}/index.html") + "\n")


def register(app: typer.Typer, groups: dict[str, typer.Typer]) -> None:
    """Add `lpsc site` to the app."""
    app.command("site")(site_command)
