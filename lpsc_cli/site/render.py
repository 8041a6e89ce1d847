"""Pages of the site from the Jinja templates under `templates/site/`, autoescaped.

The site's own words are in `templates/site/words.yaml` (`key: {en, sq}`); labels of the
records' codes (meeting types, statuses, concerns) and the date and number filters are the
documents' (`lpsc_cli.documents.templating`), so the site and the documents use one vocabulary.

Given a `TemplateCode`, the templates Jinja compiled in an earlier run are taken from lpsc's
cache folder instead of being compiled again (Jinja's own bytecode cache: it checks each entry
against its template's source and its own version, and compiles again on any difference).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Any

from jinja2 import BytecodeCache, Environment, FileSystemLoader, StrictUndefined, select_autoescape
from jinja2.bccache import Bucket

from lpsc_cli.cache import Cache, user_cache_dir
from lpsc_cli.documents import formatting
from lpsc_cli.documents.templating import builtin_dir, templates_for
from lpsc_cli.yamlio import load

SITE_FOLDER = "site"
WORDS_FILE = "words.yaml"
STYLESHEET = "assets/site.css"
#: The folder of lpsc's cache folder that keeps the site's compiled templates.
TEMPLATES_FOLDER = "site-templates"


def site_dir() -> Path:
    """The built-in site templates (beside the document templates)."""
    return builtin_dir() / SITE_FOLDER


class TemplateCode(BytecodeCache):
    """The site's templates as Jinja compiled them, kept as named, stamped entries of lpsc's
    cache (one per template; Jinja names it by the template's name and file). An entry that
    does not match the template's source or Jinja's version is compiled again; saving is best
    effort."""

    def __init__(self, cache: Cache) -> None:
        self.cache = cache

    @classmethod
    def shared(cls) -> TemplateCode:
        return cls(Cache(user_cache_dir() / TEMPLATES_FOLDER))

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self.cache.load(f"template-{bucket.key}", "jinja")
        if isinstance(code, bytes):
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.cache.save(f"template-{bucket.key}", "jinja", bucket.bytecode_to_string())


class Renderer:
    """The templates, words and filters of one language and audience."""

    def __init__(self, *, lang: str, public: bool, as_of: date, code: TemplateCode | None = None) -> None:
        self.lang = lang
        self.public = public
        self.as_of = as_of
        self.documents = templates_for(repo_root=None, lang=lang, escape=True)
        self.env = Environment(
            loader=FileSystemLoader(str(site_dir())),
            autoescape=select_autoescape(default=True, default_for_string=True),
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            bytecode_cache=code,
        )
        self.env.filters.update(self.documents.filters())
        self.env.filters.update(
            {
                "kpi_value": self.kpi_value,
                "kpi_target": self.kpi_target,
                "verdict": self.verdict,
                "short_date": self.short_date,
                "month": lambda day: formatting.month_name(day, lang),
            }
        )
        self.env.globals.update(w=self.word, t=self.documents.words, lang=lang, public=public, as_of=as_of)

    @cached_property
    def words(self) -> Mapping[str, Mapping[str, str]]:
        # the records' reader (libyaml): the pure-Python loader takes a tenth of a second
        loaded = load((site_dir() / WORDS_FILE).read_text(encoding="utf-8"))
        return loaded if isinstance(loaded, Mapping) else {}

    def word(self, key: str, code: str | None = None) -> str:
        """A word of the site in the site's language; with `code`, the label of that code in the
        entry's map (`w("deadline_status", "overdue")`). The key (or code) itself when missing."""
        entry = self.words.get(key)
        if not isinstance(entry, Mapping):
            return code or key
        chosen = entry.get(self.lang) or entry.get("en")
        if code is not None:
            return str(chosen.get(code, code)) if isinstance(chosen, Mapping) else code
        return str(chosen or key)

    def label(self, value: Any, group: str) -> Any:
        """A code's label from the documents' catalogue (`meeting_type`, `case_status`...)."""
        return self.documents.filters()["label"](value, group)

    def short_date(self, value: Any) -> str:
        return formatting.numeric_date(value, self.lang) or ""

    def number(self, value: Any) -> str:
        return formatting.number(value, self.lang) or ""

    def kpi_value(self, cell: Mapping[str, Any]) -> str:
        """A figure with its parts: `83,3 % (5/6)`, `2,5 d (n=4)`, `4`, `yes`; or why there is none."""
        value, unit = cell["value"], cell["unit"]
        if value is None:
            return self.word("not_computable") if not cell.get("computable", True) else self.word("no_value")
        if unit == "yes/no":
            return self._yes_no(cell)
        if unit == "percent":
            parts = f" ({self.number(cell.get('numerator') or 0)}/{cell.get('denominator')})"
            return f"{self.number(value)} %" + (parts if cell.get("denominator") is not None else "")
        if unit == "days":
            return f"{self.number(value)} {self.word('days_short')} (n={cell.get('denominator')})"
        if "total" in cell:
            return f"{self.number(value)} ({self.word('total')} {self.number(cell['total'])})"
        return self.number(value)

    def _yes_no(self, cell: Mapping[str, Any]) -> str:
        if "of" in cell:
            return f"{cell['value']} / {cell['of']} {self.word('yes')}"
        return self.word("yes") if cell["value"] else self.word("no")

    def kpi_target(self, row: Mapping[str, Any]) -> str:
        target = row["target"]
        if target is None:
            return ""
        if row["unit"] == "yes/no":
            return self.word("yes") if target else self.word("no")
        sign = "≥" if row["better"] == "higher" else "≤"
        suffix = {"percent": " %", "days": f" {self.word('days_short')}"}.get(row["unit"], "")
        return f"{sign} {self.number(target)}{suffix}"

    def verdict(self, met: bool | None) -> str:
        return self.word({True: "met", False: "not_met", None: "no_verdict"}[met])

    def stylesheet(self) -> bytes:
        return (site_dir() / "site.css").read_bytes()

    def page(self, template: str, **context: Any) -> bytes:
        return self.env.get_template(template).render(**context).encode("utf-8")
