"""A council's templates cannot reach outside the repository, run for ever, fill the memory or
break out of the stylesheet; record values make no dangerous link in any document."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from lpsc_cli.checks.templates import template_problems
from lpsc_cli.documents import render
from lpsc_cli.documents import templating as templating_module
from lpsc_cli.errors import LpscError
from tests.support.repos import EXAMPLE

AS_OF = date(2025, 12, 31)
SECRET = "AGE-SECRET-KEY-1QQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQ"
MEETING = {
    "id": "lpsc-2025-03-12",
    "type": "lpsc",
    "date": "2025-03-12",
    "start": "10:00",
    "end": "12:00",
    "agenda": [{"title": "Plan [run](javascript:alert(1))"}],
    "summary": "See ![pixel](https://tracker.example/p.png) and [file](data:text/html,<b>x</b>) "
    "and [minutes](https://example.invalid/m)",
}


@pytest.fixture
def council(make_repo: Any) -> Any:
    builder = make_repo()
    builder.add("institution", {"id": "municipality", "name": "Municipality", "sector": "local-government"})
    builder.add("meeting", MEETING)
    return builder


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    secret = tmp_path / "home" / "identity.txt"
    secret.parent.mkdir()
    secret.write_text(SECRET + "\n", encoding="utf-8")
    return secret


def md(repo: Any, document: str = "minutes") -> str:
    return str(render(repo, document, "lpsc-2025-03-12", lang="en", fmt="md", as_of=AS_OF))


def with_body(council: Any, body: str, document: str = "minutes") -> None:
    council.write(f"templates/{document}.md.j2", body)


# -- files outside the repository ---------------------------------------------------------------


def test_an_included_link_to_a_file_outside_is_refused_with_its_name(council: Any, outside: Path) -> None:
    with_body(council, "{% include 'key.j2' %}\n", "press-release")
    os.symlink(outside, council.root / "templates" / "key.j2")
    with pytest.raises(LpscError, match=r"templates/key\.j2: is a link to a file outside the repository") as caught:
        render(council.load(), "press-release", "lpsc-2025-03-12", lang="en", fmt="md", as_of=AS_OF)
    assert SECRET not in str(caught.value)


def test_a_document_template_that_is_a_link_outside_is_refused(council: Any, outside: Path) -> None:
    (council.root / "templates").mkdir()
    os.symlink(outside, council.root / "templates" / "minutes.md.j2")
    with pytest.raises(LpscError, match=r"templates/minutes\.md\.j2: is a link"):
        md(council.load())


def test_a_link_inside_the_repository_is_allowed(council: Any) -> None:
    council.write("shared/body.j2", "SHARED {{ meeting.id }}\n")
    with_body(council, "{% include 'body.j2' %}")
    os.symlink(council.root / "shared" / "body.j2", council.root / "templates" / "body.j2")
    assert "SHARED lpsc-2025-03-12" in md(council.load())


def test_a_stylesheet_and_a_catalogue_linked_outside_are_refused(council: Any, outside: Path) -> None:
    (council.root / "templates" / "i18n").mkdir(parents=True)
    os.symlink(outside, council.root / "templates" / "print.css")
    repo = council.load()
    with pytest.raises(LpscError, match=r"templates/print\.css: is a link to a file outside"):
        render(repo, "minutes", "lpsc-2025-03-12", lang="en", fmt="html", as_of=AS_OF)
    os.remove(council.root / "templates" / "print.css")
    os.symlink(outside, council.root / "templates" / "i18n" / "en.yaml")
    with pytest.raises(LpscError, match=r"templates/i18n/en\.yaml: is a link to a file outside"):
        md(council.load())


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX feature")
def test_a_pipe_among_the_templates_is_refused_without_blocking(council: Any) -> None:
    (council.root / "templates").mkdir()
    os.mkfifo(council.root / "templates" / "minutes.md.j2")
    with pytest.raises(LpscError, match=r"templates/minutes\.md\.j2: is not a regular file"):
        md(council.load())


def test_check_reports_every_such_file(council: Any, outside: Path) -> None:
    templates = council.root / "templates"
    (templates / "i18n").mkdir(parents=True)
    os.symlink(outside, templates / "key.j2")
    os.symlink(outside.parent, templates / "linked-folder")
    os.symlink(templates / "missing", templates / "dangling.j2")
    council.write("templates/ok.md.j2", "fine\n")
    council.write("templates/print.css", "body { margin: 0 }\n</style><script>alert(1)</script>\n")
    os.symlink(templates / "ok.md.j2", templates / "alias.md.j2")
    found = {(issue.file, issue.line, issue.message.split(";")[0]) for issue in template_problems(council.root)}
    assert found == {
        ("templates/key.j2", None, "is a link to a file outside the repository"),
        ("templates/linked-folder", None, "is a link to a file outside the repository"),
        ("templates/dangling.j2", None, "is a link that leads nowhere (or in a loop)"),
        ("templates/print.css", 2, "a stylesheet may not contain '<' (it could close the <style> element)"),
    }
    assert all(
        issue.code == "template-file" and issue.severity.value == "error" for issue in template_problems(council.root)
    )


def test_check_reports_a_templates_folder_linked_outside(council: Any, outside: Path) -> None:
    os.symlink(outside.parent, council.root / "templates")
    assert [issue.file for issue in template_problems(council.root)] == ["templates"]


def test_no_templates_folder_no_findings(council: Any) -> None:
    assert template_problems(council.root) == []


# -- the stylesheet ------------------------------------------------------------------------------


def test_a_stylesheet_that_closes_the_style_element_is_refused(council: Any) -> None:
    council.write("templates/print.css", "body { color: black }\n</STYLE ><script>alert(1)</script>\n")
    with pytest.raises(LpscError, match=r"templates/print\.css:2: a stylesheet may not contain '<'"):
        render(council.load(), "minutes", "lpsc-2025-03-12", lang="en", fmt="html", as_of=AS_OF)


def test_a_plain_council_stylesheet_is_used(council: Any) -> None:
    council.write("templates/print.css", "body { color: #123456 }\n")
    page = str(render(council.load(), "minutes", "lpsc-2025-03-12", lang="en", fmt="html", as_of=AS_OF))
    style = page.split("<style>\n", 1)[1].split("</style>", 1)[0]
    assert style.endswith("\nbody { color: #123456 }\n")  # after the page footer, which it may replace


# -- limits --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ('{{ ("a" * 10**10)|length }}', "this repetition"),
        ("{{ [0] * 10**9 }}", "this repetition"),
        ("{{ 7 ** (10**8) }}", r"this power \(\*\*\) makes a number too large"),
        ("{{ lipsum(10**7) }}", r"lipsum\(\) of 10,000,000 paragraphs"),
        ("{% for i in range(100000) %}{% endfor %}", r"range\(\) of 100,000 numbers"),
        ('{{ "x"|center(10**9) }}', "center asks for a width of 1,000,000,000"),
        ('{{ "x".rjust(10**9) }}', r"rjust\(\) asks for a width"),
        ('{{ "%999999999s"|format("x") }}', "a % format asks for a width"),
        ('{{ "%*s" % (10**9, "x") }}', r"a % format may not take its width from the values \(\*\)"),
        ('{{ "{:>999999999}".format("x") }}', "a format field asks for a width"),
        ('{{ "{:>{w}}".format("x", w=10**9) }}', "a format field may not take its width from the values"),
        ('{% set s = "a" * 100000 %}{{ s|replace("a", s)|length }}', r"replace\(\) would make a value"),
        ('{% set s = "a" * 100000 %}{{ s.replace("a", s)|length }}', r"replace\(\) would make a value"),
        ('{{ "x"|indent(10**9) }}', "indent asks for a width"),
    ],
)
def test_a_template_cannot_build_huge_values(council: Any, body: str, expected: str) -> None:
    with_body(council, "line one\n" + body + "\n")
    started = time.monotonic()
    with pytest.raises(LpscError, match=r"templates/minutes\.md\.j2:2: unsafe template: " + expected):
        md(council.load())
    assert time.monotonic() - started < 5


def test_the_limits_leave_ordinary_templates_alone(council: Any) -> None:
    with_body(
        council,
        '{{ "ab" * 3 }} {{ 2 ** 10 }} {{ "%5s|" % "x" }} {{ "{:>4}".format(7) }} {{ "x"|center(5) }}|'
        '{{ range(3)|list }} {{ "a-b"|replace("-", "+") }} {{ lipsum(1, false)|length > 0 }}\n',
    )
    assert md(council.load()) == "ababab 1024     x|    7   x  |[0, 1, 2] a+b True\n"


def test_a_template_that_runs_too_long_is_stopped_with_its_name(council: Any, monkeypatch: Any) -> None:
    monkeypatch.setattr(templating_module, "RENDER_SECONDS", 0.5)
    with_body(council, "start\n{% for i in range(10000) %}{% for j in range(10000) %}{% endfor %}{% endfor %}\n")
    started = time.monotonic()
    with pytest.raises(LpscError, match=r"templates/minutes\.md\.j2:2: the template ran for more than 0\.5 seconds"):
        md(council.load())
    assert time.monotonic() - started < 5
    with_body(council, "quick {{ meeting.id }}\n")  # the watchdog is gone: the next render is not disturbed
    assert md(council.load()) == "quick lpsc-2025-03-12\n"
    time.sleep(0.7)


def test_a_profiler_or_debugger_still_runs_after_documents_are_rendered(tmp_path: Path) -> None:
    """The watchdog leaves the interpreter as it found it, whether it fired or not.

    Run in a child process with a time limit: the fault this guards against (a NULL
    asynchronous exception leaving CPython's pending-work flag set) makes the next profiled or
    traced call loop for ever.
    """
    code = (
        "import cProfile, sys\n"
        "from datetime import date\n"
        "import lpsc_cli\n"
        "from lpsc_cli.documents import templating\n"
        "repo = lpsc_cli.load_repository(sys.argv[1])\n"
        "lpsc_cli.render_document(repo, 'minutes', 'adhoc-2025-09-24', as_of=date(2026, 1, 20))\n"
        "try:\n"
        "    with templating._watchdog(0.05):\n"
        "        while True:\n"
        "            pass\n"
        "except templating._Overtime:\n"
        "    print('stopped')\n"
        "def probe():\n"
        "    return 1\n"
        "profiler = cProfile.Profile()\n"
        "profiler.enable()\n"
        "probe()\n"
        "profiler.disable()\n"
        "sys.settrace(lambda *args: None)\n"
        "probe()\n"
        "sys.settrace(None)\n"
        "print('profiled')\n"
    )
    repo = tmp_path / "elbasan"
    shutil.copytree(EXAMPLE, repo)
    try:
        done = subprocess.run(
            [sys.executable, "-c", code, str(repo)],
            capture_output=True,
            text=True,
            timeout=60,
            stdin=subprocess.DEVNULL,
        )
    except subprocess.TimeoutExpired:
        pytest.fail("a profiled call after rendering never returned")
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["stopped", "profiled"]


def test_a_document_may_not_grow_without_end(council: Any, monkeypatch: Any) -> None:
    monkeypatch.setattr(templating_module, "MAX_OUTPUT", 1000)
    with_body(council, "{% for i in range(1000) %}{{ i }} {% endfor %}\n")
    with pytest.raises(LpscError, match="the document grows beyond 1,000 characters"):
        md(council.load())


# -- links made from record values ---------------------------------------------------------------


def test_internal_markdown_keeps_no_script_or_data_link_and_no_remote_image(council: Any) -> None:
    text = md(council.load())
    assert "[run](javascript:" not in text and "\\[run\\](javascript:alert(1))" in text
    assert "![pixel](" not in text and "!\\[pixel\\](https://tracker.example/p.png)" in text
    assert "\\[file\\](data:" in text
    assert "[minutes](https://example.invalid/m)" not in text  # the whole value was made inert
    assert "[run]" not in text.replace("\\[run\\]", "")


def test_ordinary_links_in_internal_markdown_stay_links(make_repo: Any) -> None:
    builder = make_repo()
    builder.add(
        "meeting", {**MEETING, "agenda": [{"title": "See [minutes](https://example.invalid/m)"}], "summary": "x"}
    )
    assert "See [minutes](https://example.invalid/m)" in md(builder.load())


@pytest.mark.parametrize("fmt", ["html", "docx"])
def test_html_and_word_keep_no_script_link_and_no_image(council: Any, fmt: str) -> None:
    result = render(council.load(), "minutes", "lpsc-2025-03-12", lang="en", fmt=fmt, as_of=AS_OF)
    if isinstance(result, bytes):
        from io import BytesIO

        import docx

        document = docx.Document(BytesIO(result))
        result = "".join(rel.target_ref for rel in document.part.rels.values() if rel.is_external)
        assert "tracker.example" not in result
    assert "javascript:" not in result and "data:text" not in result and "<img" not in result


@pytest.mark.parametrize(
    "value",
    [
        "[x](javascript:alert(1))",
        "[x](JavaScript:alert(1))",
        "[x]( <javascript:alert(1)>)",
        "[x](java\tscript:alert(1))",
        "[x](\x01javascript:alert(1))",
        "[x](data:text/html;base64,PHNjcmlwdD4=)",
        "[x](vbscript:msgbox)",
        "[ref]: javascript:alert(1)",
        "![x](https://tracker.example/p.png)",
        "![x][ref]",
    ],
)
def test_record_text_neutralises_dangerous_links(value: str) -> None:
    from markdown import markdown

    shown = templating_module.record_text(value, entities=True, links=False)
    html = markdown(shown + "\n\n[ref]: https://tracker.example/r.png")
    assert "<a " not in html and "<img" not in html
