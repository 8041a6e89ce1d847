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

Every template runs in Jinja's `SandboxedEnvironment` with `StrictUndefined`: a template that
reaches for an unsafe attribute, uses a name that does not exist, or does not parse raises an
`LpscError` naming the template file and line.

Record text stays text in every format. For HTML and Word output (`escape=True`) every value a
template writes is HTML-escaped by Jinja. For Markdown, `record_values` escapes the values
before the template sees them (`&`, `<`, `>` as entities), so that a `<script>` in a record
is shown, not run, wherever the Markdown is published. Public documents also neutralise
Markdown's link and image syntax in record values (`\\`, `[`, `]` backslash-escaped) in every
format, so that a link written into a record field never becomes a live link in what the
council publishes. Catalogue sentences and the templates' own Markdown are not touched.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from functools import lru_cache
from pathlib import Path
from types import TracebackType
from typing import Any

from lpsc_cli.documents import formatting
from lpsc_cli.errors import LpscError

TEMPLATES_FOLDER = "templates"
CATALOGUE_FOLDER = "i18n"
STYLESHEET = "print.css"
_PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_]*)\}")
#: Errors a template can cause while it runs (besides Jinja's own), reported with its line.
_RUNTIME_ERRORS = (TypeError, ValueError, ArithmeticError, LookupError, AttributeError, RecursionError)


def builtin_dir() -> Path:
    """The built-in templates: packaged beside the code, or `templates/` of a source tree."""
    here = Path(__file__).resolve().parent.parent
    for candidate in (here / "_data" / "templates", here.parent / "templates"):
        if (candidate / "base.md.j2").is_file():
            return candidate
    raise FileNotFoundError("the lpsc templates are not installed (no templates/ folder found)")


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
            return StrictUndefined(hint=f"the catalogue has no entry {self._path}.{key}")
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
            raise LookupError(f"the sentence {template!r} has a place {{{name}}} that the template does not fill")
        value = values[name]
        shown = "—" if value is None else str(value)
        return str(html_escape(value)) if escape and value is not None else shown

    text = _PLACEHOLDER.sub(replace, str(template))
    return Markup(text) if escape else text  # noqa: S704 - the values were escaped above


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
        self.catalogue = _merge(
            _read_catalogue(self.builtin / CATALOGUE_FOLDER / f"{lang}.yaml", self._shown),
            _read_catalogue(own / CATALOGUE_FOLDER / f"{lang}.yaml", self._shown) if own is not None else {},
        )
        self.words = Catalogue(self.catalogue)
        self.env = self._environment()

    def _environment(self) -> Any:
        from jinja2 import FileSystemLoader, StrictUndefined
        from jinja2.sandbox import SandboxedEnvironment

        env = SandboxedEnvironment(
            loader=FileSystemLoader([str(folder) for folder in self.search]),
            undefined=StrictUndefined,
            autoescape=self.escape,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            finalize=_finalize,
        )
        env.filters.update(self.filters())
        env.globals["t"] = self.words
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
        """Render template `name` with `context`; any template fault becomes an `LpscError`."""
        from jinja2 import TemplateError, TemplateNotFound, TemplateSyntaxError

        try:
            return str(self.env.get_template(name).render(**context))
        except TemplateNotFound as exc:
            looked = ", ".join(self._shown(folder) for folder in self.search)
            raise LpscError(f"template {exc.name} not found (looked in {looked})") from None
        except TemplateSyntaxError as exc:
            where = self._shown(Path(exc.filename)) if exc.filename else name
            raise LpscError(f"{where}:{exc.lineno}: the template does not parse: {exc.message}") from None
        except (TemplateError, *_RUNTIME_ERRORS) as exc:
            where = self._where(exc.__traceback__) or name
            raise LpscError(f"{where}: {_describe(exc)}") from None

    def read(self, name: str) -> str:
        """The text of a non-template file of the templates (the stylesheet), first found wins."""
        for folder in self.search:
            path = folder / name
            if path.is_file():
                return path.read_text(encoding="utf-8")
        raise LpscError(f"{name} not found in the templates")

    def _shown(self, path: Path) -> str:
        """A template path as a person finds it: relative to the repository or `built-in ...`."""
        path = path.resolve()
        if self.repo_root is not None and path.is_relative_to(self.repo_root.resolve()):
            return path.relative_to(self.repo_root.resolve()).as_posix()
        if path.is_relative_to(self.builtin):
            return f"built-in templates/{path.relative_to(self.builtin).as_posix()}".rstrip("/.")
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
    from lpsc_cli.calendar import period_bounds

    year, _, part = period.partition("-")
    if not part:
        return year
    if part[0] in "HQ":
        return fill(words.periods[part], {"year": year}, escape=False)
    return formatting.month_name(period_bounds(period)[0], lang)


_ENTITIES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
_LINK_SYNTAX = str.maketrans({"\\": "\\\\", "[": "\\[", "]": "\\]"})


def record_text(text: str, *, entities: bool, links: bool) -> str:
    """One record value made inert for Markdown: `<`, `>` and `&` as entities (`entities`), and
    backslashes and square brackets escaped, so that no link or image can form (`links`)."""
    if links:
        text = text.translate(_LINK_SYNTAX)
    return text.translate(_ENTITIES) if entities else text


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
        return f"unsafe template: {exc}"
    if isinstance(exc, UndefinedError):
        return f"the template uses something that is not defined: {exc}"
    return f"the template failed: {exc}"


def _read_catalogue(path: Path, shown: Callable[[Path], str]) -> dict[str, Any]:
    import yaml

    if not path.is_file():
        return {}
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else 1
        raise LpscError(f"{shown(path)}:{line}: the catalogue is not valid YAML: {exc.problem}") from None
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise LpscError(f"{shown(path)}: the catalogue cannot be read: {exc}") from None
    if not isinstance(data, dict):
        raise LpscError(f"{shown(path)}:1: the catalogue must be a mapping of sections")
    return data


def _merge(base: Mapping[str, Any], override: Mapping[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), Mapping):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged
