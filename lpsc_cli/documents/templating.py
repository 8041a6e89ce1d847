"""The template environment: where templates are found, the sandbox, filters, the catalogue.

Templates are Jinja2 files that write Markdown. One template per document
(`templates/invitation.md.j2`) holds the layout; the words of each language live in a
catalogue (`templates/i18n/sq.yaml`, `templates/i18n/en.yaml`), so that the two languages can
never drift apart in structure. Layout is shared through `base.md.j2` (letterhead, title,
closing) and `macros.md.j2` (tables, signature blocks, field lists).

A template name is looked up, first found wins, in:

1. `<repository>/templates/<lang>/<name>` — a council's template for one language;
2. `<repository>/templates/<name>` — a council's template for both languages;
3. the built-in `templates/<lang>/<name>`, then `templates/<name>`.

A council's `templates/i18n/<lang>.yaml` is merged over the built-in catalogue, key by key.

The sentences that cite the council's legal basis (the invitation's opening and notice, the
monitoring report's introduction) differ by basis: the catalogue's `bases` section holds, for
`normative-act` and for `normative-act+council-regulation`, the entries that replace the plain
ones, which cite the council regulation (R). A document is rendered with the entries of the
basis `lpsc.yaml` names (`lpsc_cli.documents.citation_basis`).

Every template runs in Jinja's `SandboxedEnvironment` with `StrictUndefined`: a template that
reaches for an unsafe attribute, uses a name that does not exist, or does not parse raises an
`LpscError` naming the template file and line.

A council's template, stylesheet and catalogue files must be regular files inside the
repository: one that is a link leading outside it (or a pipe, a device) is refused with its
name, before it is read, so that a template cannot include `~/.config/lpsc/identity.txt`
(`template_file_problem`; `lpsc check` reports the same files). A stylesheet is written
into a `<style>` element of every HTML page, so it may not contain `<` at all.

A template runs under limits, so that a hostile or careless one stops with an error that
names it instead of running for ever or filling the memory: `range` yields at most
`MAX_RANGE` numbers, `lipsum` at most `MAX_LIPSUM` paragraphs; `*`, `**`, `%`, the
`center`, `indent`, `replace` and `format` filters, the same string methods and
`str.format` refuse to build a value longer than `MAX_TEXT` (or a padding wider than
`MAX_WIDTH`); the document itself may not grow beyond `MAX_OUTPUT` characters; and a
render that takes longer than `RENDER_SECONDS` on the clock is stopped (a watchdog thread
raises an exception in the rendering thread, which works alike on Linux, macOS and Windows).

Record text stays text in every format. For HTML and Word output (`escape=True`) every value a
template writes is HTML-escaped by Jinja. For Markdown, `record_values` escapes the values
before the template sees them (`&`, `<`, `>` as entities), so that a `<script>` in a record
is shown, not run, wherever the Markdown is published. Public documents also neutralise
Markdown's link and image syntax in record values (`\\`, `[`, `]` backslash-escaped) in every
format, so that a link written into a record field never becomes a live link in what the
council publishes. In every other document, a record value that would make an image
(`![...]`) or a link whose target is not `http:`, `https:` or `mailto:` (`javascript:`,
`data:`, a relative path) has its link syntax escaped the same way; HTML and Word output
keep only `http`, `https` and `mailto` links and no images in any case (`formats.sanitize`).
Catalogue sentences and the templates' own Markdown are not touched.
"""

from __future__ import annotations

import ctypes
import os
import re
import threading
import types
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from types import TracebackType
from typing import Any

from jinja2 import FileSystemLoader
from jinja2.exceptions import SecurityError
from jinja2.loaders import split_template_path
from jinja2.sandbox import SandboxedEnvironment

from lpsc_cli.calendar import period_bounds
from lpsc_cli.checks.templates import TEMPLATES_FOLDER, stylesheet_problem, template_file_problem
from lpsc_cli.documents import formatting
from lpsc_cli.errors import LpscError
from lpsc_cli.i18n import format_number
from lpsc_cli.i18n import gettext as _

CATALOGUE_FOLDER = "i18n"
#: The catalogue section holding, per legal basis, the sentences that cite it (`Templates.words_for`).
BASES_SECTION = "bases"
STYLESHEET = "print.css"
_PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_]*)\}")
#: Errors a template can cause while it runs (besides Jinja's own), reported with its line.
_RUNTIME_ERRORS = (TypeError, ValueError, ArithmeticError, LookupError, AttributeError, RecursionError)

#: Wall-clock seconds one document may take to render.
RENDER_SECONDS = 20.0
#: The longest text or list a template may build with one operator, filter or method.
MAX_TEXT = 10_000_000
#: The widest padding or field a template may ask for (`center`, `%10s`, `{:>10}`, `indent`).
MAX_WIDTH = 10_000
#: The most characters one rendered document may have.
MAX_OUTPUT = 50_000_000
#: The most numbers one `range(...)` may yield, and the most paragraphs of `lipsum(...)`.
MAX_RANGE = 10_000
MAX_LIPSUM = 100
#: Widths and precisions of `%` formats and of `str.format` fields (`{:>{w}}` is refused).
_PERCENT_FIELD = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?")
_NUMBERS = re.compile(r"\d+")
#: String methods whose first argument is a width.
_WIDTH_METHODS = frozenset({"center", "ljust", "rjust", "zfill", "expandtabs"})


def builtin_dir() -> Path:
    """The built-in templates: packaged beside the code, or `templates/` of a source tree."""
    here = Path(__file__).resolve().parent.parent
    for candidate in (here / "_data" / "templates", here.parent / "templates"):
        if (candidate / "base.md.j2").is_file():
            return candidate
    raise FileNotFoundError(_("the lpsc templates are not installed (no templates/ folder found)"))


class Catalogue:
    """The words of one language, read in templates as `t.section.key`.

    Not a dict, so that keys such as `items` or `values` never meet a dict method.
    """

    __slots__ = ("_entries", "_path")

    def __init__(self, entries: Mapping[str, Any], path: str = "t") -> None:
        self._entries = entries
        self._path = path

    def __getitem__(self, key: str) -> Any:
        if key not in self._entries:
            from jinja2 import StrictUndefined

            # an undefined value that says which entry is missing when the template writes it
            return StrictUndefined(hint=_("the catalogue has no entry {entry}").format(entry=f"{self._path}.{key}"))
        value = self._entries[key]
        return Catalogue(value, f"{self._path}.{key}") if isinstance(value, Mapping) else value

    def __getattr__(self, key: str) -> Any:
        if key.startswith("_"):
            raise AttributeError(key)
        return self[key]

    def __contains__(self, key: object) -> bool:
        return key in self._entries

    def __repr__(self) -> str:
        return f"<catalogue {self._path}>"


def fill(template: str, values: Mapping[str, Any], *, escape: bool) -> str:
    """Put `values` into the `{name}` places of a catalogue sentence.

    Only plain names are replaced (no attribute access, unlike `str.format`), so a sentence
    from a council's catalogue cannot reach into objects.
    """
    from markupsafe import Markup
    from markupsafe import escape as html_escape

    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in values:
            raise LookupError(
                _("the sentence {sentence} has a place {place} that the template does not fill").format(
                    sentence=repr(template), place="{" + name + "}"
                )
            )
        value = values[name]
        shown = "—" if value is None else str(value)
        return str(html_escape(value)) if escape and value is not None else shown

    text = _PLACEHOLDER.sub(replace, str(template))
    return Markup(text) if escape else text  # noqa: S704 - the values were escaped above


class _CouncilLoader(FileSystemLoader):
    """Jinja's file loader that judges a council's file before it is read (first found wins)."""

    def __init__(self, folders: list[Path], *, guarded: Callable[[Path], None]) -> None:
        super().__init__([str(folder) for folder in folders])
        self._guarded = guarded

    def get_source(self, environment: Any, template: str) -> tuple[str, str, Callable[[], bool]]:
        pieces = split_template_path(template)
        for folder in self.searchpath:
            path = Path(folder, *pieces)
            if os.path.lexists(path):
                self._guarded(path)
                break
        return super().get_source(environment, template)


class _Sandbox(SandboxedEnvironment):
    """Jinja's sandbox with limits on what one operation may build (see the module notes)."""

    intercepted_binops = frozenset({"*", "**", "%"})

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "*":
            _check_repeat(left, right)
        elif operator == "**":
            _check_power(left, right)
        elif operator == "%" and isinstance(left, str):
            _check_percent(left)
        return super().call_binop(context, operator, left, right)

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(__obj, types.BuiltinMethodType) and isinstance(__obj.__self__, str):
            _check_str_method(__obj.__self__, __obj.__name__, args)
        return super().call(__context, __obj, *args, **kwargs)

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        wrapped = super().wrap_str_format(value)
        if wrapped is None:
            return None
        _check_format_fields(value.__self__)
        return wrapped


def _count(number: float) -> str:
    """A number in a message, the language's way (`10,000,000`, `10 000 000`)."""
    return format_number(number, digits=2)


def _too_large(what: str, size: int) -> SecurityError:
    return SecurityError(
        _("{what} would make a value of {size} items; the limit is {limit}").format(
            what=what, size=_count(size), limit=_count(MAX_TEXT)
        )
    )


def _check_repeat(left: Any, right: Any) -> None:
    for sequence, times in ((left, right), (right, left)):
        if isinstance(sequence, str | list | tuple) and isinstance(times, int) and len(sequence) * times > MAX_TEXT:
            raise _too_large(_("this repetition (*)"), len(sequence) * times)
    if isinstance(left, int) and isinstance(right, int) and left.bit_length() + right.bit_length() > MAX_WIDTH:
        raise SecurityError(_("this multiplication makes a number too large for a document"))


def _check_power(base: Any, exponent: Any) -> None:
    whole = isinstance(base, int) and isinstance(exponent, int)
    if whole and abs(base) > 1 and exponent > 0 and base.bit_length() * exponent > MAX_WIDTH:
        raise SecurityError(_("this power (**) makes a number too large for a document"))


def _check_width(width: Any, what: str) -> None:
    if isinstance(width, int) and width > MAX_WIDTH:
        raise SecurityError(
            _("{what} asks for a width of {width}; the limit is {limit}").format(
                what=what, width=_count(width), limit=_count(MAX_WIDTH)
            )
        )


def _check_percent(template: str) -> None:
    for match in _PERCENT_FIELD.finditer(template):
        for part in match.groups():
            if part == "*":
                raise SecurityError(_("a {sign} format may not take its width from the values (*)").format(sign="%"))
            _check_width(int(part) if part else None, _("a {sign} format").format(sign="%"))


def _check_format_fields(template: str) -> None:
    from string import Formatter

    try:
        fields = list(Formatter().parse(template))
    except ValueError:
        return  # str.format reports it
    for _text, _name, spec, _conversion in fields:
        if spec and "{" in spec:
            raise SecurityError(_("a format field may not take its width from the values ({...})"))
        for number in _NUMBERS.findall(spec or ""):
            _check_width(int(number), _("a format field"))


def _check_str_method(text: str, name: str, args: tuple[Any, ...]) -> None:
    if name in _WIDTH_METHODS and args:
        width = args[0] * max(text.count("\t"), 1) if name == "expandtabs" else args[0]
        _check_width(width, f"{name}()")
    elif name == "replace" and len(args) >= 2 and isinstance(args[0], str) and isinstance(args[1], str):
        grown = len(text) + text.count(args[0]) * (len(args[1]) - len(args[0])) if args[0] else len(text) * len(args[1])
        if grown > MAX_TEXT:
            raise _too_large("replace()", grown)
    elif name == "join" and args and isinstance(args[0], list | tuple):
        joined = sum(len(str(item)) for item in args[0]) + len(text) * len(args[0])
        if joined > MAX_TEXT:
            raise _too_large("join()", joined)


def _limited_filters(filters: Mapping[str, Callable[..., Any]]) -> dict[str, Callable[..., Any]]:
    """Jinja's `center`, `indent`, `replace` and `format` filters, with the limits above."""
    center, indent, replace, format_ = filters["center"], filters["indent"], filters["replace"], filters["format"]

    def limited_center(value: Any, width: int = 80) -> str:
        _check_width(width, "center")
        return str(center(value, width))

    def limited_indent(value: Any, width: Any = 4, *args: Any, **kwargs: Any) -> str:
        _check_width(width if isinstance(width, int) else len(str(width)), "indent")
        lines = str(value).count("\n") + 1
        if isinstance(width, int) and lines * width > MAX_TEXT:
            raise _too_large("indent", lines * width)
        return str(indent(value, width, *args, **kwargs))

    def limited_replace(context: Any, value: Any, old: Any, new: Any, count: int | None = None) -> Any:
        _check_str_method(str(value), "replace", (str(old), str(new)))
        return replace(context, value, old, new, count)

    def limited_format(value: Any, *args: Any, **kwargs: Any) -> str:
        _check_percent(str(value))
        return str(format_(value, *args, **kwargs))

    for original, limited in ((replace, limited_replace),):
        for flag in ("jinja_pass_arg",):
            if hasattr(original, flag):
                setattr(limited, flag, getattr(original, flag))
    return {"center": limited_center, "indent": limited_indent, "replace": limited_replace, "format": limited_format}


def _limited_range(*args: int) -> range:
    numbers = range(*args)
    if len(numbers) > MAX_RANGE:
        raise SecurityError(
            _("range() of {n} numbers; the limit is {limit}").format(n=_count(len(numbers)), limit=_count(MAX_RANGE))
        )
    return numbers


def _limited_lipsum(n: int = 5, html: bool = True, min: int = 20, max: int = 100) -> str:
    from jinja2.utils import generate_lorem_ipsum

    if n > MAX_LIPSUM or max > MAX_WIDTH:
        raise SecurityError(
            _("lipsum() of {n} paragraphs; the limit is {limit}").format(n=_count(n), limit=_count(MAX_LIPSUM))
        )
    return str(generate_lorem_ipsum(n, html, min, max))


class _Overtime(Exception):
    """Raised inside the rendering thread by the watchdog when the time is up."""


class _Spent(Exception):
    """Put in place of an `_Overtime` not delivered yet when the block ends, and caught at once."""


@contextmanager
def _watchdog(seconds: float) -> Iterator[None]:
    """Stop the code of this block after `seconds` on the clock by raising `_Overtime` in it.

    A timer thread raises the exception asynchronously in this thread (CPython's
    `PyThreadState_SetAsyncExc`, the same on every platform), again every tenth of a second
    until the block ends, in case some code catches it once. The block's end first sets a
    flag (a plain store, where no asynchronous exception is delivered), then waits for the
    timer's lock. When the timer never fired, nothing is left to undo. When it did, an exception
    may still be on its way: it is replaced by `_Spent`, which is delivered and caught right
    here. It is never cancelled with a NULL exception: CPython 3.11 then leaves the
    interpreter's "pending work" flag set for good, which slows every later call and sends a
    profiler or debugger (cProfile, pdb, coverage) into an endless loop at its next call.
    """
    target = ctypes.c_ulong(threading.get_ident())
    lock = threading.Lock()
    wake = threading.Event()
    stopped = [False]
    fired = [False]

    def fire() -> None:
        if wake.wait(seconds):
            return
        while True:
            with lock:
                if stopped[0]:
                    return
                fired[0] = True
                ctypes.pythonapi.PyThreadState_SetAsyncExc(target, ctypes.py_object(_Overtime))
            if wake.wait(0.1):
                return

    timer = threading.Thread(target=fire, name="lpsc-template-watchdog", daemon=True)
    timer.start()
    try:
        yield
    finally:
        stopped[0] = True
        with lock:
            pass  # the timer is not between its check and its raise
        wake.set()
        timer.join()
        if fired[0]:
            _absorb_pending(target)


def _absorb_pending(target: ctypes.c_ulong) -> None:
    """Deliver a harmless exception in this thread, replacing one the timer may have left."""
    try:  # delivered after the call that sets it, or at the loop's first jump back
        ctypes.pythonapi.PyThreadState_SetAsyncExc(target, ctypes.py_object(_Spent))
        for _ in range(1000):
            pass
    except _Spent:
        pass


def templates_for(*, repo_root: Path | None, lang: str, escape: bool) -> Templates:
    """The templates of a repository, language and output mode, compiled once per process.

    The key holds every file of the council's `templates/` folder with its modification time:
    a council template added, changed or removed (or a changed catalogue) means a fresh
    environment, since Jinja would keep using a built-in template it has already compiled.
    """
    stamp: tuple[tuple[str, int], ...] = ()
    own = repo_root / TEMPLATES_FOLDER if repo_root is not None else None
    if own is not None and own.is_dir():
        stamp = tuple(
            sorted((p.relative_to(own).as_posix(), p.stat().st_mtime_ns) for p in own.rglob("*") if p.is_file())
        )
    return _cached_templates(repo_root, lang, escape, stamp)


@lru_cache(maxsize=16)
def _cached_templates(repo_root: Path | None, lang: str, escape: bool, stamp: tuple[tuple[str, int], ...]) -> Templates:
    return Templates(repo_root=repo_root, lang=lang, escape=escape)


class Templates:
    """The templates and catalogue of one language, for one repository and one output mode."""

    def __init__(self, *, repo_root: Path | None, lang: str, escape: bool) -> None:
        self.lang = lang
        self.escape = escape
        self.repo_root = repo_root
        self.builtin = builtin_dir()
        own = repo_root / TEMPLATES_FOLDER if repo_root is not None else None
        folders = [own / lang, own] if own is not None else []
        self.search = [folder for folder in (*folders, self.builtin / lang, self.builtin) if folder.is_dir()]
        council_catalogue = own / CATALOGUE_FOLDER / f"{lang}.yaml" if own is not None else None
        if council_catalogue is not None and os.path.lexists(council_catalogue):
            self._guard(council_catalogue)
        self._layers = (
            _read_catalogue(self.builtin / CATALOGUE_FOLDER / f"{lang}.yaml", self._shown),
            _read_catalogue(council_catalogue, self._shown) if council_catalogue is not None else {},
        )
        self.catalogue = _merge(*self._layers)
        self.words = Catalogue(self.catalogue)
        self._by_basis: dict[str, Catalogue] = {}
        self.env = self._environment()

    def words_for(self, basis: str) -> Catalogue:
        """The catalogue with the sentences of the legal basis `basis` (see `BASES_SECTION`).

        Each layer (built-in, then the council's) is merged with its own `bases.<basis>` section
        over it, so that a council's sentence wins over a built-in one of any basis.
        """
        if basis not in self._by_basis:
            merged: dict[str, Any] = {}
            for layer in self._layers:
                merged = _merge(merged, layer)
                overlay = layer.get(BASES_SECTION)
                chosen = overlay.get(basis) if isinstance(overlay, Mapping) else None
                if isinstance(chosen, Mapping):
                    merged = _merge(merged, chosen)
            self._by_basis[basis] = Catalogue(merged)
        return self._by_basis[basis]

    def _environment(self) -> Any:
        from jinja2 import StrictUndefined

        env = _Sandbox(
            loader=_CouncilLoader(self.search, guarded=self._guard),
            undefined=StrictUndefined,
            autoescape=self.escape,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            finalize=_finalize,
        )
        env.filters.update(_limited_filters(env.filters))
        env.filters.update(self.filters())
        env.globals.update(range=_limited_range, lipsum=_limited_lipsum, t=self.words)
        return env

    def filters(self) -> dict[str, Callable[..., Any]]:
        """The filters every template can use; each writes in the template's language."""
        lang, words = self.lang, self.words

        def date(value: Any, form: str = "long") -> str | None:
            return formatting.numeric_date(value, lang) if form == "numeric" else formatting.long_date(value, lang)

        def datetime(value: Any) -> str | None:
            day = formatting.long_date(value, lang)
            if day is None or not formatting.has_time(value):
                return day
            return fill(words.formats.datetime, {"date": day, "time": formatting.clock_time(value)}, escape=False)

        def label(value: Any, group: str) -> Any:
            if isinstance(value, list | tuple):
                return ", ".join(str(label(item, group)) for item in value) or None
            names = self.catalogue.get("labels", {}).get(group, {})
            return names.get(str(value), value) if value is not None else None

        def yesno(value: Any) -> str | None:
            return None if value is None else str(words.yes if value else words.no)

        def period(value: Any) -> str | None:
            return None if value is None else period_label(str(value), lang, words)

        def sentence(template: str, **values: Any) -> str:
            return fill(template, values, escape=self.escape)

        def lines(values: Any) -> str:
            """Values as the lines of one table cell, separated by `<br>`."""
            from markupsafe import Markup

            shown = [cell(value) for value in values or () if value not in (None, "")]
            return Markup("<br>").join(shown) if self.escape else "<br>".join(shown)

        def timing(value: Any) -> str | None:
            """An activity's timing: its own label, or one made from its kind."""
            if not isinstance(value, Mapping) or not value.get("kind"):
                return None
            if value.get("label"):
                return str(value["label"])
            words_of = words.timing
            if value["kind"] == "due":
                return fill(words_of.due, {"date": date(value.get("due"))}, escape=False)
            if value["kind"] == "recurring":
                return fill(words_of.recurring, {"months": value.get("every_months")}, escape=False)
            if value["kind"] == "period":
                return str(words_of[str(value.get("period"))])
            return str(words_of[str(value["kind"])])

        return {
            "date": date,
            "datetime": datetime,
            "time": formatting.clock_time,
            "number": lambda value, digits=1: formatting.number(value, lang, digits=digits),
            "percent": lambda value, digits=0: formatting.percent(value, lang, digits=digits),
            "label": label,
            "yesno": yesno,
            "period": period,
            "cell": cell,
            "lines": lines,
            "timing": timing,
            "fill": sentence,
        }

    def render(self, name: str, context: Mapping[str, Any]) -> str:
        """Render template `name` with `context`; any template fault becomes an `LpscError`.

        The render runs under the limits of the module notes: `RENDER_SECONDS` on the clock,
        at most `MAX_OUTPUT` characters.
        """
        from jinja2 import TemplateError, TemplateNotFound, TemplateSyntaxError

        try:
            with _watchdog(RENDER_SECONDS):
                pieces: list[str] = []
                size = 0
                for piece in self.env.get_template(name).generate(**context):
                    size += len(piece)
                    if size > MAX_OUTPUT:
                        raise SecurityError(
                            _("the document grows beyond {limit} characters").format(limit=_count(MAX_OUTPUT))
                        )
                    pieces.append(piece)
                return "".join(pieces)
        except TemplateNotFound as exc:
            looked = ", ".join(self._shown(folder) for folder in self.search)
            raise LpscError(
                _("template {name} not found (looked in {folders})").format(name=exc.name, folders=looked)
            ) from None
        except TemplateSyntaxError as exc:
            where = self._shown(Path(exc.filename)) if exc.filename else name
            raise LpscError(
                _("{where}:{line}: the template does not parse: {error}").format(
                    where=where, line=exc.lineno, error=exc.message
                )
            ) from None
        except _Overtime as exc:
            where = self._where(exc.__traceback__) or name
            raise LpscError(
                _("{where}: the template ran for more than {seconds} seconds and was stopped").format(
                    where=where, seconds=_count(RENDER_SECONDS)
                )
            ) from None
        except MemoryError:
            raise LpscError(
                _("{where}: the template needs more memory than there is and was stopped").format(where=name)
            ) from None
        except (TemplateError, *_RUNTIME_ERRORS) as exc:
            where = self._where(exc.__traceback__) or name
            raise LpscError(f"{where}: {_describe(exc)}") from None

    def read(self, name: str) -> str:
        """The text of a non-template file of the templates (the stylesheet), first found wins.

        A council's file is judged first (`template_file_problem`); a stylesheet (`.css`) is
        refused when it holds a `<`, which could close the `<style>` element it goes into.
        """
        for folder in self.search:
            path = folder / name
            if os.path.lexists(path):
                self._guard(path)
                text = path.read_text(encoding="utf-8")
                return stylesheet_text(text, self._shown(path)) if name.endswith(".css") else text
        raise LpscError(_("{name} not found in the templates").format(name=name))

    def _guard(self, path: Path) -> None:
        """Refuse a council's file that `template_file_problem` finds fault with."""
        if self.repo_root is None or not path.is_relative_to(self.repo_root / TEMPLATES_FOLDER):
            return  # a built-in template
        problem = template_file_problem(path, self.repo_root)
        if problem is not None:
            shown = path.relative_to(self.repo_root).as_posix()
            raise LpscError(
                f"{shown}: " + _("{problem}; council templates must be files of the repository").format(problem=problem)
            )

    def _shown(self, path: Path) -> str:
        """A template path as a person finds it: relative to the repository or `built-in ...`."""
        path = path.resolve()
        if self.repo_root is not None and path.is_relative_to(self.repo_root.resolve()):
            return path.relative_to(self.repo_root.resolve()).as_posix()
        if path.is_relative_to(self.builtin):
            inside = f"templates/{path.relative_to(self.builtin).as_posix()}".rstrip("/.")
            return _("built-in {path}").format(path=inside)
        return str(path)

    def _where(self, trace: TracebackType | None) -> str | None:
        """`file:line` of the innermost template frame of a traceback (Jinja rewrites frames)."""
        found = None
        while trace is not None:
            filename = trace.tb_frame.f_code.co_filename
            if filename.endswith(".j2"):
                found = f"{self._shown(Path(filename))}:{trace.tb_lineno}"
            trace = trace.tb_next
        return found


def period_label(period: str, lang: str, words: Catalogue) -> str:
    """`first half of 2025`, `March 2025`, `first quarter of 2025`, `2025` in the language."""
    year, _, part = period.partition("-")
    if not part:
        return year
    if part[0] in "HQ":
        return fill(words.periods[part], {"year": year}, escape=False)
    return formatting.month_name(period_bounds(period)[0], lang)


def stylesheet_text(css: str, shown: str) -> str:
    """A stylesheet as it may go into a `<style>` element; `LpscError` naming `shown` if not."""
    problem = stylesheet_problem(css)
    if problem is not None:
        raise LpscError(f"{shown}:{problem[0]}: {problem[1]}")
    return css


_ENTITIES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
_LINK_SYNTAX = str.maketrans({"\\": "\\\\", "[": "\\[", "]": "\\]"})


_LINK_TARGET = re.compile(r"\]\s*[(:]")
#: A URL scheme (`javascript:`) at the start of a link target; browsers ignore blanks and
#: control characters in it, so they are dropped before it is matched.
_SCHEME = re.compile(r"<?([a-z][a-z0-9+.-]*):", re.IGNORECASE)
_BLANKS = re.compile(r"[\x00-\x20]+")
_SAFE_SCHEMES = frozenset({"http", "https", "mailto"})


def record_text(text: str, *, entities: bool, links: bool) -> str:
    """One record value made inert for Markdown: `<`, `>` and `&` as entities (`entities`), and
    backslashes and square brackets escaped, so that no link or image can form (`links`, or
    whenever the value would make an image or a link to anything but http, https, mailto)."""
    if links or _unsafe_link(text):
        text = text.translate(_LINK_SYNTAX)
    return text.translate(_ENTITIES) if entities else text


def _unsafe_link(text: str) -> bool:
    """Whether Markdown would make an image, or a link (inline or a definition) whose target
    has a scheme other than http, https or mailto (`javascript:`, `data:`), out of `text`."""
    if "![" in text:
        return True
    for found in _LINK_TARGET.finditer(text):
        scheme = _SCHEME.match(_BLANKS.sub("", text[found.end() : found.end() + 200]))
        if scheme is not None and scheme.group(1).lower() not in _SAFE_SCHEMES:
            return True
    return False


def record_values(value: Any, *, entities: bool, links: bool) -> Any:
    """The template context with every text inside it passed through `record_text` (a copy).

    Keys stay as they are; markup that was already escaped (`__html__`) is left alone.
    """
    if isinstance(value, str):
        return value if hasattr(value, "__html__") else record_text(value, entities=entities, links=links)
    if isinstance(value, Mapping):
        return {key: record_values(item, entities=entities, links=links) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [record_values(item, entities=entities, links=links) for item in value]
    return value


def cell(value: Any) -> str:
    """A value made safe for one Markdown table cell: no line breaks, no column separators.

    A missing value (None) shows as a dash; an empty text stays empty (a place to sign).

    Markup (already escaped HTML, such as a macro's output) stays Markup.
    """
    from markupsafe import Markup

    if value is None:
        return "—"
    cleaned = " ".join(str(value).split()).replace("|", "\\|")
    return Markup(cleaned) if hasattr(value, "__html__") else cleaned  # noqa: S704 - was markup already


def _finalize(value: Any) -> Any:
    return "—" if value is None else value


def _describe(exc: BaseException) -> str:
    from jinja2.exceptions import SecurityError, UndefinedError

    if isinstance(exc, SecurityError):
        return _("unsafe template: {error}").format(error=exc)
    if isinstance(exc, UndefinedError):
        return _("the template uses something that is not defined: {error}").format(error=exc)
    return _("the template failed: {error}").format(error=exc)


def _read_catalogue(path: Path, shown: Callable[[Path], str]) -> dict[str, Any]:
    import yaml

    if not path.is_file():
        return {}
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else 1
        raise LpscError(
            _("{file}:{line}: the catalogue is not valid YAML: {problem}").format(
                file=shown(path), line=line, problem=exc.problem
            )
        ) from None
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise LpscError(
            _("{file}: the catalogue cannot be read: {error}").format(file=shown(path), error=exc)
        ) from None
    if not isinstance(data, dict):
        raise LpscError(_("{file}:1: the catalogue must be a mapping of sections").format(file=shown(path)))
    return data


def _merge(base: Mapping[str, Any], override: Mapping[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), Mapping):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged
