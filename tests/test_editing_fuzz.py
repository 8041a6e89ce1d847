"""Arbitrary text in every text option of the record commands never ends in an internal error.

Hypothesis types what a careless hand or a hostile paste could: control characters, line ends
of every system, YAML syntax, lone surrogates are impossible on a command line but everything
else is fair. A command either writes a record that `lpsc check` reads back as written, or
refuses with a usage or record error (exit 2 or 1) naming the option; never exit 3.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from lpsc_cli.yamlio import parse
from tests.support.cli import lpsc
from tests.support.records import seeded

#: Text a person could type or paste: any character but the surrogates a command line cannot
#: carry, with the troublesome ones (line ends of every system, controls, YAML syntax) often.
TROUBLE = st.sampled_from(list("\r\n\t\x1b\x00\x07\x7f\x85\u2028\u2029:#-&*![]{}'\"|>%@`, "))
PIECES = st.one_of(TROUBLE, st.characters(exclude_categories=("Cs",)), st.sampled_from(["\r\n", "---", "...", ": "]))
TEXT = st.lists(PIECES, min_size=1, max_size=30).map("".join)

#: (command, the option given the text, what else the command needs).
COMMANDS = [
    (["meeting", "new", "--type", "lpsc", "--date", "2025-03-12"], "--location"),
    (["meeting", "new", "--type", "ad-hoc", "--date", "2025-03-13"], "--agenda"),
    (["institution", "add", "fuzz-institution", "--sector", "police"], "--name"),
    (["member", "add", "--institution", "police-testville"], "--name"),
    (["training", "add", "--date", "2025-04-02", "--kind", "thematic"], "--topic"),
]


@pytest.fixture(scope="module")
def council(tmp_path_factory: pytest.TempPathFactory) -> Any:
    from tests.support.repos import BASE_CONFIG, RepoBuilder

    counter = iter(range(10_000))

    def make_repo(config: Any = None) -> RepoBuilder:
        return RepoBuilder(tmp_path_factory.mktemp(f"fuzz{next(counter)}"), config or BASE_CONFIG)

    return seeded(make_repo, in_git=False)


@pytest.mark.parametrize(("command", "option"), COMMANDS, ids=[" ".join(c[:2]) + " " + o for c, o in COMMANDS])
@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=TEXT)
@example(text="0\x85:")  # a NEL: a line break to a YAML reader, once written as a bare one
def test_any_text_is_written_as_given_or_refused_cleanly(runner, app, council, command, option, text) -> None:
    result = lpsc(runner, app, council.root, *command, option, text, "--dry-run")
    assert result.exit_code in (0, 1, 2), result.output
    assert "internal error" not in result.output and "Traceback" not in result.output
    assert "a bug in lpsc" not in result.output
    if result.exit_code == 0:
        # what would be written reads back as a record (the dry run prints the YAML)
        written = result.output.split("\n", 1)[1] if result.output.startswith("#") else result.output
        data = parse(written.encode("utf-8"), "fuzz.yaml").data
        assert data is not None, result.output


@pytest.mark.parametrize(("text", "code"), [("0\x85:", "U+0085"), ("a\x1bb", "U+001B"), ("x\x07", "U+0007")])
@pytest.mark.parametrize(("command", "option"), COMMANDS, ids=[" ".join(c[:2]) + " " + o for c, o in COMMANDS])
def test_a_control_character_in_any_text_is_a_usage_error(runner, app, council, command, option, text, code) -> None:
    result = lpsc(runner, app, council.root, *command, option, text, "--dry-run")
    assert result.exit_code == 2, result.output
    assert f"the text holds a control character ({code})" in result.output
