"""Keys and sealed data: `key new|show|signing`, `member set-key`, `case note`, `reseal`, `access`.

Also the options the case commands share for sealed data (`IdentityOption`, `ReaderOption`
and the identity and narrative options), so that `case new` and the case verbs take them
with the same names and help.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from lpsc_cli.cli.common import (
    AsOfOption,
    RepoOption,
    dump_json,
    fail,
    handle_errors,
    load,
    parse_day,
    privacy_note,
    write_output,
)
from lpsc_cli.cli.writing import CommitOption, DryRunOption
from lpsc_cli.i18n import gettext as _
from lpsc_cli.i18n import ngettext

# The library is imported inside each command, not here: `lpsc --help` and every other command's
# start-up must not load YAML, schemas, git or the checks (docs/architecture.md).

if TYPE_CHECKING:
    from lpsc_cli.sealing.access import AccessReport, Sealing

IdentityOption = Annotated[
    Path | None,
    typer.Option(
        "--identity",
        help="Your age identity file (default: $LPSC_IDENTITY, or $XDG_CONFIG_HOME/lpsc/identity.txt).",
        envvar="LPSC_IDENTITY",
        show_default=False,
        dir_okay=False,
    ),
]
ReaderOption = Annotated[
    list[str] | None,
    typer.Option("--reader", help="Another member who may read the sealed data (repeatable).", metavar="MEMBER"),
]
# Sealed parts as options of `case new` and the case verbs (cli/case.py reads them, `-` included,
# with `lpsc_cli.cli.writing.sealed_values`). A value typed on the command line stays in the
# shell's history: `-` reads it from standard input instead.
_FROM_STDIN = " (- reads it from standard input, out of the shell history)"
NameOption = Annotated[str | None, typer.Option("--name", help="Sealed: the person's name." + _FROM_STDIN)]
BirthDateOption = Annotated[
    str | None, typer.Option("--birth-date", help="Sealed: date of birth (YYYY-MM-DD)." + _FROM_STDIN)
]
AddressOption = Annotated[str | None, typer.Option("--address", help="Sealed: address." + _FROM_STDIN)]
PhoneOption = Annotated[str | None, typer.Option("--phone", help="Sealed: phone number." + _FROM_STDIN)]
GuardianOption = Annotated[
    list[str] | None, typer.Option("--guardian", help="Sealed: a parent or guardian (repeatable)." + _FROM_STDIN)
]
NarrativeOption = Annotated[
    str | None, typer.Option("--narrative", help="Sealed: what happened, in words." + _FROM_STDIN)
]
RiskRationaleOption = Annotated[
    str | None, typer.Option("--risk-rationale", help="Sealed: why the risk level was chosen." + _FROM_STDIN)
]
IspGoalsOption = Annotated[
    str | None, typer.Option("--isp-goals", help="Sealed: the support plan's goals, in words." + _FROM_STDIN)
]
ContactNotesOption = Annotated[
    str | None, typer.Option("--contact-notes", help="Sealed: notes on contacts." + _FROM_STDIN)
]


class AccessFormat(StrEnum):
    text = "text"
    json = "json"


def key_new(identity: IdentityOption = None) -> None:
    """Create your age identity (readable by you only) and print its public key.

    Give the public key to the technical secretariat, who records it with
    `lpsc member set-key MEMBER age1...`. The identity never goes into a record repository.
    """
    from datetime import datetime

    from lpsc_cli.sealing.keys import identity_path, write_identity

    with handle_errors():
        new = write_identity(identity_path(identity), created=datetime.now().astimezone())
    typer.echo(new.public)
    typer.echo(
        _("identity written to {path} ({protection}; keep it private, and keep a safe copy)").format(
            path=new.path, protection=privacy_note(new.owner_only)
        ),
        err=True,
    )


def key_show(identity: IdentityOption = None, repo: RepoOption = None) -> None:
    """Print your public key, and the member it belongs to when inside a record repository."""
    from lpsc_cli.errors import ConfigurationError
    from lpsc_cli.sealing.access import member_for_keys
    from lpsc_cli.sealing.keys import identity_path, public_keys_of

    with handle_errors():
        path = identity_path(identity)
        keys = public_keys_of(path)
        try:
            member = member_for_keys(load(repo), keys)
        except ConfigurationError:
            member = None
            if repo is not None:
                raise
    for key in keys:
        typer.echo(key)
    typer.echo(_("identity: {path}").format(path=path), err=True)
    if member is not None:
        typer.echo(_("member: {member}").format(member=member.id), err=True)


def member_set_key(
    member: Annotated[str, typer.Argument(help="The member's id.")],
    key: Annotated[
        str | None, typer.Argument(help="The member's age public key (age1...).", metavar="[AGE1...]")
    ] = None,
    signing: Annotated[
        str | None,
        typer.Option(
            "--signing",
            help="The member's SSH public key for signing commits ('ssh-ed25519 AAAA...', the line of the .pub file).",
            metavar="SSH-KEY",
        ),
    ] = None,
    repo: RepoOption = None,
    dry_run: DryRunOption = False,
    commit: CommitOption = True,
) -> None:
    """Record a member's public key for sealed case data (then run `lpsc reseal` to include them),
    or with --signing the SSH key whose commit signatures `lpsc check --signatures` accepts."""
    from lpsc_cli.cli.writing import report

    if key is None and signing is None:
        fail(_("give the member's age public key (age1...), or --signing 'ssh-ed25519 ...'"), code=2)
    if key is not None:
        from lpsc_cli.editing.sealing import set_member_key

        with handle_errors():
            result = set_member_key(load(repo), member, key, dry_run=dry_run, commit=commit)
        report(result)
        typer.echo(
            _("run `lpsc reseal` so that the cases {member} may read are sealed to this key").format(member=member),
            err=True,
        )
    if signing is not None:
        from lpsc_cli.cli.writing import write_options
        from lpsc_cli.editing.people import set_signing_key

        with handle_errors():
            options = write_options(dry_run=dry_run, commit=commit)
            report(set_signing_key(load(repo), member, signing, options=options))


def key_signing(
    key: Annotated[
        Path,
        typer.Option(
            "--key",
            help="Your SSH key: the private key file (e.g. ~/.ssh/id_ed25519), or its .pub when an ssh-agent holds it.",
            dir_okay=False,
        ),
    ],
    repo: RepoOption = None,
) -> None:
    """Make git sign every commit in this repository with your SSH key (git's SSH signing).

    Sets, in the repository's own git configuration: gpg.format ssh, user.signingkey,
    commit.gpgsign true, and gpg.ssh.allowedSignersFile (generated from the member records,
    inside .git). Record the public key with `lpsc member set-key MEMBER --signing '...'`.
    """
    from lpsc_cli.signatures import configure_member_signing

    with handle_errors():
        done = configure_member_signing(load(repo), key.expanduser())
    typer.echo(_("git signs commits in {folder} with {key}").format(folder=done.top, key=done.key))
    if done.member is not None:
        typer.echo(_("the key is {member}'s").format(member=done.member), err=True)
    else:
        typer.echo(
            _("no member record holds this key yet: record it with {command}").format(
                command=f"`lpsc member set-key MEMBER --signing '{done.public or 'ssh-ed25519 ...'}'`"
            ),
            err=True,
        )


def case_note(
    case: Annotated[str, typer.Argument(help="The case id.")],
    text: Annotated[
        str,
        typer.Option(
            "--text",
            help="The note (sealed; never stored in clear). Give - to read it from standard input "
            "(a hidden prompt at a terminal), so that it stays out of the shell history.",
        ),
    ],
    by: Annotated[
        str | None,
        typer.Option("--by", help="Who writes it (default: the member whose key is yours).", metavar="MEMBER"),
    ] = None,
    day: Annotated[str | None, typer.Option("--date", help="Date of the note (YYYY-MM-DD or today).")] = None,
    identity: IdentityOption = None,
    repo: RepoOption = None,
    dry_run: DryRunOption = False,
    commit: CommitOption = True,
) -> None:
    """Append a sealed note to a case (you must be one of its readers when it holds sealed data).

    `--text -` reads the note from standard input: `lpsc case note case-2025-001 --text - < note.txt`.
    """
    from lpsc_cli.cli.writing import report, sealed_value
    from lpsc_cli.editing.sealing import add_note

    with handle_errors():
        note = sealed_value(text, option="--text") or ""
        done = add_note(
            load(repo),
            case,
            note,
            day=parse_day(day, option="--date"),
            by=by,
            identity=identity,
            dry_run=dry_run,
            commit=commit,
        )
    report_sealing(case, done.sealing)
    report(done.write)


def reseal_command(
    case: Annotated[str | None, typer.Option("--case", help="Only this case.", metavar="ID")] = None,
    reader: ReaderOption = None,
    drop_reader: Annotated[
        list[str] | None,
        typer.Option("--drop-reader", help="Remove a reader added with --reader (with --case).", metavar="MEMBER"),
    ] = None,
    identity: IdentityOption = None,
    repo: RepoOption = None,
    as_of: AsOfOption = None,
    commit: CommitOption = True,
) -> None:
    """Re-encrypt sealed cases to the members who may read them now.

    A member who left, whose term ended or who no longer manages the case is left out of the
    new version. Versions already in git history stay readable to the keys they were sealed to.
    Exit 1 if a case could not be resealed (you are not one of its readers).
    """
    from lpsc_cli.editing.sealing import reseal

    with handle_errors():
        done = reseal(
            load(repo),
            as_of=parse_day(as_of),
            case_id=case,
            identity=identity,
            extra_readers=reader or (),
            drop_readers=drop_reader or (),
            commit=commit,
        )
    for sealed in done.cases:
        report_sealing(sealed.write.id, sealed.sealing)
    typer.echo(ngettext("resealed {n} case(s)", "resealed {n} case(s)", len(done.cases)).format(n=len(done.cases)))
    if done.commit is not None:
        if done.commit.failed:
            fail(_("the resealed files were written but not committed: {reason}").format(reason=done.commit.reason))
        typer.echo(done.commit.describe())
    elif done.cases:
        typer.echo(_("not committed: --no-commit"))
    for case_id, why in done.skipped:
        typer.echo(_("{case}: not resealed: {reason}").format(case=case_id, reason=why), err=True)
    if done.skipped:
        raise typer.Exit(1)


def access_command(
    case: Annotated[str | None, typer.Option("--case", help="Only this case.", metavar="ID")] = None,
    repo: RepoOption = None,
    as_of: AsOfOption = None,
    output_format: Annotated[AccessFormat, typer.Option("--format", help="Output format.")] = AccessFormat.text,
) -> None:
    """List who can read which sealed case, flagging readers without keys or past their term."""
    from lpsc_cli.sealing.access import access_report

    with handle_errors():
        report = access_report(load(repo), as_of=parse_day(as_of), case_id=case)
    if output_format == AccessFormat.json:
        write_output(dump_json(report.as_json()), None)
    else:
        write_output(access_text(report), None)


def access_text(report: AccessReport) -> str:
    """The access report as plain lines: cases with their readers, then members."""
    lines = [_("Sealed cases as of {day}: {count}").format(day=report.as_of.isoformat(), count=len(report.cases))]
    for case in report.cases:
        lines.append(
            _("{case}  readers: {readers}  parts: {parts}").format(
                case=case.case, readers=", ".join(case.readers) or "-", parts=", ".join(case.parts) or "-"
            )
        )
        lines.extend(f"  ! {flag}" for flag in case.flags)
    lines.append("")
    lines.append(_("Members who read or should read sealed cases:"))
    for member in report.members:
        key = _("key") if member.has_key else _("NO KEY")
        name = f" ({member.name})" if member.name else ""
        reads = ngettext("reads {n} case(s)", "reads {n} case(s)", len(member.cases)).format(n=len(member.cases))
        lines.append(f"{member.member}{name}  {key}  {reads}")
        lines.extend(f"  ! {flag}" for flag in member.flags)
    return "\n".join(lines) + "\n"


def report_sealing(case_id: str, sealing: Sealing) -> None:
    """Who a case's new sealed version is for, who lost access, who could not be included."""
    typer.echo(_("{case}: sealed to {readers}").format(case=case_id, readers=", ".join(sealing.readers)))
    if sealing.dropped:
        typer.echo(
            _("{case}: no longer readable in this version by {readers}").format(
                case=case_id, readers=", ".join(sealing.dropped)
            )
        )
    if sealing.without_key:
        typer.echo(
            _("{case}: left out (no public key): {members}").format(
                case=case_id, members=", ".join(sealing.without_key)
            ),
            err=True,
        )


def register(app: typer.Typer, groups: dict[str, typer.Typer]) -> None:
    """Add this module's commands to the app and to the shared noun groups."""
    groups["key"].command("new")(key_new)
    groups["key"].command("show")(key_show)
    groups["key"].command("signing")(key_signing)
    groups["member"].command("set-key")(member_set_key)
    groups["case"].command("note")(case_note)
    app.command("reseal")(reseal_command)
    app.command("access")(access_command)
