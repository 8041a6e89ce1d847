"""`lpsc plan new|item|activity|progress|approve|publish|monitor|revise|list|show`."""

import sys
from typing import Annotated

import typer

from lpsc_cli.cli.common import AsOfOption, RepoOption, handle_errors, load, parse_day
from lpsc_cli.cli.exposure import guarded
from lpsc_cli.cli.helpview import one_of
from lpsc_cli.cli.writing import (
    CommitOption,
    DryRunOption,
    ListFormat,
    ListFormatOption,
    OutputOption,
    YearOption,
    day,
    existing,
    id_argument,
    maybe_pick,
    overdue_records,
    pick,
    print_rows,
    required,
    required_day,
    run_write,
    scanning,
    text_option,
    write_options,
)
from lpsc_cli.i18n import N_, format_percent
from lpsc_cli.i18n import gettext as _
from lpsc_cli.vocabulary import ACTIVITY_STATUS, HALVES, PLAN_STATUS, PRIORITIES

# The library is imported inside each command, not here: `lpsc --help` and every other command's
# start-up must not load YAML, schemas, git or the checks (docs/architecture.md).

PlanArgument = Annotated[
    str, typer.Argument(help="The plan's id, e.g. plan-2025.", show_default=False, callback=id_argument)
]
TEXT_HELP = "Plain text, or one 'sq:...' and one 'en:...' (repeat the option)."


def plan_new(
    year: Annotated[int, typer.Argument(help="The year the plan covers.", min=1900, max=2999, show_default=False)],
    title: Annotated[list[str] | None, typer.Option("--title", help=f"Title. {TEXT_HELP}")] = None,
    start: Annotated[str | None, typer.Option("--from", help="Start of the period (default: 1 January).")] = None,
    end: Annotated[str | None, typer.Option("--to", help="End of the period (default: 31 December).")] = None,
    consultation: Annotated[
        str | None, typer.Option("--consultation", help="The open-consultation meeting it came from.")
    ] = None,
    repo: RepoOption = None,
    dry_run: DryRunOption = False,
    commit: CommitOption = True,
) -> None:
    """Start a draft action plan, plan-YEAR."""
    from lpsc_cli.editing import plans
    from lpsc_cli.editing.values import record_id

    with handle_errors():
        name = text_option(title, option="--title")
        first, last = day(start, option="--from"), day(end, option="--to")
        meeting = record_id(consultation, option="--consultation") if consultation else None
        options = write_options(dry_run=dry_run, commit=commit)
    run_write(
        repo,
        guarded(
            {"--title": name},
            lambda r: plans.new_plan(r, year, title=name, start=first, end=last, consultation=meeting, options=options),
        ),
        whole=scanning({"--title": name}),
    )


def plan_item(
    plan: PlanArgument,
    number: Annotated[str | None, typer.Option("--no", help='The item\'s number, e.g. "1.4".')] = None,
    issue: Annotated[list[str] | None, typer.Option("--issue", help=f"The issue identified. {TEXT_HELP}")] = None,
    evidence: Annotated[list[str] | None, typer.Option("--evidence", help=f"Statistics. {TEXT_HELP}")] = None,
    priority: Annotated[str | None, typer.Option("--priority", help=one_of(PRIORITIES))] = None,
    repo: RepoOption = None,
    dry_run: DryRunOption = False,
    commit: CommitOption = True,
) -> None:
    """Add an identified issue to the plan (R art. 8.2)."""
    from lpsc_cli.editing import plans

    with handle_errors():
        item = plans.Item(
            number=_number(required(number, option="--no", prompt=_("Item number (e.g. 1.4)")), "--no"),
            issue=text_option(issue or [required(None, option="--issue", prompt=_("Issue"))], option="--issue") or "",
            evidence=text_option(evidence, option="--evidence"),
            priority=pick(priority, PRIORITIES, option="--priority", prompt=_("Priority")),
        )
        options = write_options(dry_run=dry_run, commit=commit)
    texts = {"--issue": item.issue, "--evidence": item.evidence}
    run_write(repo, guarded(texts, lambda r: plans.add_item(r, plan, item, options=options)), whole=scanning(texts))


def _number(value: str, option: str) -> str:
    import re

    from lpsc_cli.errors import UsageError

    if not re.fullmatch(r"\d+(\.\d+)*", value.strip()):
        raise UsageError(_("{option}: '{value}' is not a number such as 1.4").format(option=option, value=value))
    return value.strip()


def plan_activity(
    plan: PlanArgument,
    item: Annotated[str, typer.Argument(help='The item\'s number, e.g. "1.4".', show_default=False)],
    activity_text: Annotated[list[str] | None, typer.Option("--text", help=f"The activity. {TEXT_HELP}")] = None,
    responsible: Annotated[
        list[str] | None, typer.Option("--responsible", help="A responsible institution's id (repeat).")
    ] = None,
    lead: Annotated[str | None, typer.Option("--lead", help="The leading institution's id.")] = None,
    timing: Annotated[
        str | None,
        typer.Option("--timing", help="due:YYYY-MM-DD, H1, H2, Q1..Q4, year, every:N (months) or continuous."),
    ] = None,
    timing_label: Annotated[
        list[str] | None, typer.Option("--timing-label", help=f"The timing as the plan words it. {TEXT_HELP}")
    ] = None,
    indicator: Annotated[list[str] | None, typer.Option("--indicator", help=f"Indicator. {TEXT_HELP}")] = None,
    target: Annotated[list[str] | None, typer.Option("--target", help=f"Target. {TEXT_HELP}")] = None,
    weight: Annotated[float | None, typer.Option("--weight", help="Weight in the plan's progress.", min=0)] = None,
    number: Annotated[str | None, typer.Option("--no", help="Its number (default: the next, e.g. 1.4.2).")] = None,
    repo: RepoOption = None,
    dry_run: DryRunOption = False,
    commit: CommitOption = True,
) -> None:
    """Add an activity to an item of the plan (R Table 1: activities, responsible, timing)."""
    from lpsc_cli.editing import plans
    from lpsc_cli.editing.values import ids

    with handle_errors():
        given = activity_text or [required(None, option="--text", prompt=_("Activity"))]
        label = text_option(timing_label, option="--timing-label")
        activity = plans.Activity(
            text=text_option(given, option="--text") or "",
            responsible=tuple(ids(responsible or (), option="--responsible")),
            lead=ids([lead], option="--lead")[0] if lead else None,
            timing=plans.parse_timing(timing, label) if timing else None,
            indicator=text_option(indicator, option="--indicator"),
            target=text_option(target, option="--target"),
            weight=weight,
            number=_number(number, "--no") if number else None,
        )
        options = write_options(dry_run=dry_run, commit=commit)
    texts = {"--text": activity.text, "--indicator": activity.indicator, "--target": activity.target}
    run_write(
        repo,
        guarded(texts, lambda r: plans.add_activity(r, plan, _number(item, "ITEM"), activity, options=options)),
        whole=scanning(texts),
    )


def plan_progress(
    plan: PlanArgument,
    activity: Annotated[str, typer.Argument(help='The activity\'s number, e.g. "1.4.1".', show_default=False)],
    when: Annotated[str | None, typer.Option("--date", help="Date of the report (YYYY-MM-DD or 'today').")] = None,
    percent: Annotated[float | None, typer.Option("--percent", help="Progress in percent (100 = done).")] = None,
    note: Annotated[list[str] | None, typer.Option("--note", help=f"What was done. {TEXT_HELP}")] = None,
    meeting: Annotated[str | None, typer.Option("--meeting", help="The meeting that heard the report.")] = None,
    status: Annotated[
        str | None, typer.Option("--status", help=one_of(ACTIVITY_STATUS, N_("Set the status: {values}.")))
    ] = None,
    repo: RepoOption = None,
    dry_run: DryRunOption = False,
    commit: CommitOption = True,
) -> None:
    """Report progress on an activity; at 100 % it is done."""
    from lpsc_cli.editing import plans
    from lpsc_cli.editing.values import percent as in_percent
    from lpsc_cli.editing.values import record_id

    with handle_errors():
        progress = plans.Progress(
            date=required_day(when, option="--date", prompt=_("Date")),
            percent=in_percent(percent, option="--percent") if percent is not None else None,
            note=text_option(note, option="--note"),
            meeting=record_id(meeting, option="--meeting") if meeting else None,
            status=maybe_pick(status, ACTIVITY_STATUS, option="--status"),
        )
        options = write_options(dry_run=dry_run, commit=commit)
    run_write(repo, lambda r: plans.add_progress(r, plan, activity, progress, options=options))


def plan_approve(
    plan: PlanArgument,
    meeting: Annotated[str | None, typer.Option("--meeting", help="The LPSC meeting that approved it.")] = None,
    repo: RepoOption = None,
    dry_run: DryRunOption = False,
    commit: CommitOption = True,
) -> None:
    """Mark the plan approved by an LPSC meeting (R art. 6.7, 8.4)."""
    from lpsc_cli.editing import plans
    from lpsc_cli.editing.values import record_id

    with handle_errors():
        at = record_id(required(meeting, option="--meeting", prompt=_("Approving meeting (id)")), option="--meeting")
        options = write_options(dry_run=dry_run, commit=commit)
    run_write(repo, lambda r: plans.approve(r, plan, at, options=options))


def plan_publish(
    plan: PlanArgument,
    institution: Annotated[str | None, typer.Option("--institution", help="The publishing institution.")] = None,
    published: Annotated[str | None, typer.Option("--date", help="Date of publication.")] = None,
    url: Annotated[str | None, typer.Option("--url", help="Where it is published.")] = None,
    repo: RepoOption = None,
    dry_run: DryRunOption = False,
    commit: CommitOption = True,
) -> None:
    """Record that a member institution published the approved plan."""
    from lpsc_cli.editing import plans
    from lpsc_cli.editing.values import record_id

    with handle_errors():
        who = record_id(
            required(institution, option="--institution", prompt=_("Institution (id)")), option="--institution"
        )
        when = required_day(published, option="--date", prompt=_("Published on"))
        options = write_options(dry_run=dry_run, commit=commit)
    run_write(repo, lambda r: plans.publish(r, plan, who, when, url, options=options))


def plan_monitor(
    plan: PlanArgument,
    period: Annotated[str | None, typer.Option("--period", help="H1 or H2.")] = None,
    meeting: Annotated[
        str | None, typer.Option("--meeting", help="The open-consultation meeting of the half-year.")
    ] = None,
    report_date: Annotated[str | None, typer.Option("--report-date", help="Date of the monitoring report.")] = None,
    approved: Annotated[
        str | None, typer.Option("--approved-by-chair", help="Date the chair approved the report.")
    ] = None,
    repo: RepoOption = None,
    dry_run: DryRunOption = False,
    commit: CommitOption = True,
) -> None:
    """Record a half-year's monitoring of the plan (R art. 8.5-8.6)."""
    from lpsc_cli.editing import plans
    from lpsc_cli.editing.values import record_id

    with handle_errors():
        monitoring = plans.Monitoring(
            period=pick(period, HALVES, option="--period", prompt=_("Half-year")),
            consultation=record_id(meeting, option="--meeting") if meeting else None,
            report_date=day(report_date, option="--report-date"),
            approved_by_chair=day(approved, option="--approved-by-chair"),
        )
        options = write_options(dry_run=dry_run, commit=commit)
    run_write(repo, lambda r: plans.monitor(r, plan, monitoring, options=options))


def plan_revise(
    plan: PlanArgument,
    when: Annotated[str | None, typer.Option("--date", help="Date of the revision.")] = None,
    meeting: Annotated[str | None, typer.Option("--meeting", help="The meeting that revised it.")] = None,
    summary: Annotated[list[str] | None, typer.Option("--summary", help=f"What changed. {TEXT_HELP}")] = None,
    repo: RepoOption = None,
    dry_run: DryRunOption = False,
    commit: CommitOption = True,
) -> None:
    """Record a revision of the plan (it becomes 'revised')."""
    from lpsc_cli.editing import plans
    from lpsc_cli.editing.values import record_id

    with handle_errors():
        revised = required_day(when, option="--date", prompt=_("Revised on"))
        at = record_id(meeting, option="--meeting") if meeting else None
        what = text_option(summary, option="--summary")
        options = write_options(dry_run=dry_run, commit=commit)
    run_write(repo, lambda r: plans.revise(r, plan, revised, at, what, options=options))


def plan_list(
    status: Annotated[str | None, typer.Option("--status", help=one_of(PLAN_STATUS))] = None,
    year: YearOption = None,
    overdue: Annotated[
        bool, typer.Option("--overdue", help="Only plans with an overdue obligation on --as-of.")
    ] = False,
    as_of: AsOfOption = None,
    output_format: ListFormatOption = ListFormat.text,
    output: OutputOption = None,
    repo: RepoOption = None,
) -> None:
    """List action plans with their weighted progress on --as-of (progress dated later is left out)."""
    from lpsc_cli.editing import plans

    with handle_errors():
        picked = maybe_pick(status, PLAN_STATUS, option="--status")
        when = parse_day(as_of)
        repository = load(repo)
        rows = plans.plan_rows(repository, as_of=when, status=picked, year=year)
        if overdue:
            late = overdue_records(repository, when)
            rows = [row for row in rows if row["id"] in late]
    print_rows(rows, output_format, empty=_("no plans"), output=output)


def plan_show(
    plan: PlanArgument,
    status: Annotated[
        str | None,
        typer.Option("--status", help=one_of(ACTIVITY_STATUS, N_("Only activities with this status: {values}."))),
    ] = None,
    as_of: AsOfOption = None,
    output_format: ListFormatOption = ListFormat.text,
    repo: RepoOption = None,
) -> None:
    """Show a plan's activities with their status and progress on --as-of, and the plan's weighted
    progress: the figures of the monitoring report for a half-year ending that day."""
    from lpsc_cli import planning
    from lpsc_cli.editing import plans

    with handle_errors():
        when = parse_day(as_of)
        repository = load(repo)
        record = existing(repository, "plan", plan)
        picked = maybe_pick(status, ACTIVITY_STATUS, option="--status")
        rows = plans.activity_rows(repository, record, as_of=when, status=picked)
        progress = planning.plan_progress(record.data, when)
    if output_format is ListFormat.text:
        approved = (
            _(", approved at {meeting}").format(meeting=record.get("approved_at")) if record.get("approved_at") else ""
        )
        overall = (
            _("no activities") if progress is None else _("progress {percent}").format(percent=format_percent(progress))
        )
        typer.echo(f"{record.id}: {record.get('status')}{approved}; {overall}")
        sys.stdout.flush()
    print_rows(rows, output_format, empty=_("no activities"))


def register(app: typer.Typer, groups: dict[str, typer.Typer]) -> None:
    group = groups["plan"]
    for name, command in (
        ("new", plan_new),
        ("item", plan_item),
        ("activity", plan_activity),
        ("progress", plan_progress),
        ("approve", plan_approve),
        ("publish", plan_publish),
        ("monitor", plan_monitor),
        ("revise", plan_revise),
        ("list", plan_list),
        ("show", plan_show),
    ):
        group.command(name)(command)
