"""The English translation is complete and correct for every app.

Source strings are Vietnamese; each app's English catalogue lives in
`motcua/<app>/locale/en/LC_MESSAGES/django.po`. These tests keep those catalogues free of untranslated
and fuzzy entries, keep placeholders intact, make sure every string marked in Python code is in its
app's catalogue (including strings marked through an alias such as `gettext_lazy as _l`, which a plain
`makemessages` run does not extract), and check that known strings really render in English.
"""

import ast
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.apps import apps
from django.utils import translation
from django.utils.functional import Promise

PACKAGE = Path(__file__).resolve().parents[2]  # motcua/
PO_FILES = sorted(PACKAGE.glob("*/locale/en/LC_MESSAGES/django.po"))
APP_DIRS = {path.parents[3].name: path for path in PO_FILES}

# One known string per app, as it should read in English.
KNOWN = {
    "core": ("Nền tảng", "Platform"),
    "org": ("Bộ phận Một cửa", "One-stop desk"),
    "catalog": ("thủ tục hành chính", "administrative procedure"),
    "calendars": ("Lịch làm việc", "Working calendars"),
    "documents": ("Biểu mẫu, văn bản", "Forms and documents"),
    "integrations": ("Kết nối hệ thống ngoài", "External systems"),
    "dossiers": ("hồ sơ", "dossier"),
    "office": ("Không gian làm việc", "Workspace"),
    "machines": ("Ứng dụng kết nối", "Machine clients"),
    "surveys": ("Khảo sát sự hài lòng", "Satisfaction survey"),
    "cms": ("Trang cải cách hành chính", "Administrative reform pages"),
}


# --- a small .po parser ------------------------------------------------------------------------------

_KEYWORD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+(".*")$')


def _unquote(literal: str) -> str:
    return ast.literal_eval(literal)


def parse_po(path: Path) -> list[dict]:
    """Entries of a .po file: msgid, msgid_plural, msgstr / msgstr[n] (joined), flags, obsolete, line."""
    entries: list[dict] = []
    entry: dict | None = None
    key = None
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line:
            if entry is not None:
                entries.append(entry)
            entry, key = None, None
            continue
        if entry is None:
            entry = {"flags": set(), "obsolete": False, "line": number}
        if line.startswith("#~"):
            entry["obsolete"] = True
            continue
        if line.startswith("#,"):
            entry["flags"].update(flag.strip() for flag in line[2:].split(","))
            continue
        if line.startswith("#"):
            continue
        match = _KEYWORD.match(line)
        if match:
            key = match.group(1)
            entry[key] = _unquote(match.group(2))
        elif line.startswith('"') and key is not None:
            entry[key] += _unquote(line)
        else:
            raise AssertionError(f"{path}:{number}: cannot parse {raw!r}")
    if entry is not None:
        entries.append(entry)
    return entries


def live_entries(path: Path) -> list[dict]:
    return [e for e in parse_po(path) if not e["obsolete"] and "msgid" in e]


def translations(entry: dict) -> list[str]:
    return [value for key, value in sorted(entry.items()) if key.startswith("msgstr")]


def where(path: Path, entry: dict) -> str:
    return f"{path.relative_to(PACKAGE.parent)}:{entry['line']}: {entry['msgid']!r}"


# --- the catalogues ---------------------------------------------------------------------------------


def test_every_app_with_translatable_strings_has_an_english_catalogue():
    missing = []
    for config in apps.get_app_configs():
        if not config.name.startswith("motcua."):
            continue
        app_dir = Path(config.path)
        has_strings = _marked_python_strings(app_dir) or _templates_with_translations(app_dir)
        if has_strings and app_dir.name not in APP_DIRS:
            missing.append(config.name)
    assert not missing, f"no locale/en/LC_MESSAGES/django.po for {missing}"
    assert set(KNOWN) <= set(APP_DIRS)


@pytest.mark.parametrize("path", PO_FILES, ids=lambda p: p.parents[3].name)
def test_no_untranslated_entry(path):
    untranslated = [
        where(path, e)
        for e in live_entries(path)
        if e["msgid"] and (not translations(e) or not all(t.strip() for t in translations(e)))
    ]
    assert not untranslated, "untranslated:\n" + "\n".join(untranslated)


@pytest.mark.parametrize("path", PO_FILES, ids=lambda p: p.parents[3].name)
def test_no_fuzzy_entry(path):
    # The header (msgid "") included: a fuzzy header makes msgfmt ignore its charset and plural forms.
    fuzzy = [where(path, e) for e in live_entries(path) if "fuzzy" in e["flags"]]
    assert not fuzzy, "fuzzy:\n" + "\n".join(fuzzy)


@pytest.mark.parametrize("path", PO_FILES, ids=lambda p: p.parents[3].name)
def test_plural_entries_have_both_english_forms(path):
    incomplete = [
        where(path, e)
        for e in live_entries(path)
        if "msgid_plural" in e and not ({"msgstr[0]", "msgstr[1]"} <= e.keys())
    ]
    assert not incomplete, "\n".join(incomplete)


_PLACEHOLDER = re.compile(r"%\(\w+\)[a-zA-Z]|%[sdif]|\{[^{}]*\}")
_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*")


@pytest.mark.parametrize("path", PO_FILES, ids=lambda p: p.parents[3].name)
def test_translations_keep_placeholders_and_html_tags(path):
    broken = []
    for e in live_entries(path):
        if not e["msgid"]:
            continue
        expected_placeholders = sorted(set(_PLACEHOLDER.findall(e["msgid"])))
        expected_tags = sorted(_TAG.findall(e["msgid"]))
        for text in translations(e):
            if sorted(set(_PLACEHOLDER.findall(text))) != expected_placeholders:
                broken.append(f"{where(path, e)}: placeholders {expected_placeholders} in {text!r}")
            if sorted(_TAG.findall(text)) != expected_tags:
                broken.append(f"{where(path, e)}: HTML tags {expected_tags} in {text!r}")
    assert not broken, "\n".join(broken)


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="gettext is not installed")
@pytest.mark.parametrize("path", PO_FILES, ids=lambda p: p.parents[3].name)
def test_msgfmt_accepts_the_catalogue(path):
    result = subprocess.run(
        ["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr


# --- strings marked in the code are in the catalogue ---------------------------------------------------

_GETTEXT_FUNCTIONS = {"gettext", "gettext_lazy", "gettext_noop", "ngettext", "ngettext_lazy"}


def _python_files(app_dir: Path):
    for path in sorted(app_dir.rglob("*.py")):
        parts = set(path.relative_to(app_dir).parts)
        if parts & {"tests", "migrations", "locale"}:
            continue
        yield path


def _marked_strings_in(path: Path) -> set[str]:
    """Literal first arguments of calls to gettext functions, under whatever name the module imports them."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "django.utils.translation":
            names.update(
                alias.asname or alias.name for alias in node.names if alias.name in _GETTEXT_FUNCTIONS
            )
    if not names:
        return set()
    found = set()
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in names
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            found.add(node.args[0].value)
    return found


def _marked_python_strings(app_dir: Path) -> set[str]:
    found = set()
    for path in _python_files(app_dir):
        found |= _marked_strings_in(path)
    return found


def _templates_with_translations(app_dir: Path) -> bool:
    return any(
        re.search(r"{%\s*(translate|trans|blocktranslate|blocktrans)\b", p.read_text(encoding="utf-8"))
        for p in (app_dir / "templates").rglob("*.html")
    )


def _translated_msgids() -> set[str]:
    # Django merges the apps' catalogues, so a string translated in one app's catalogue reads in English
    # everywhere.
    return {
        e["msgid"]
        for path in PO_FILES
        for e in live_entries(path)
        if e["msgid"] and all(t.strip() for t in translations(e)) and "fuzzy" not in e["flags"]
    }


@pytest.mark.parametrize("app", sorted(APP_DIRS))
def test_strings_marked_in_python_code_are_translated(app):
    translated = _translated_msgids()
    missing = sorted(_marked_python_strings(PACKAGE / app) - translated)
    assert not missing, (
        f"strings marked for translation in motcua/{app} but not translated in any English catalogue "
        "(run makemessages, then translate):\n" + "\n".join(map(repr, missing))
    )


# --- strings render in English --------------------------------------------------------------------------


@pytest.mark.parametrize("app", sorted(KNOWN))
def test_a_known_string_of_each_app_renders_in_english(app):
    source, english = KNOWN[app]
    with translation.override("en"):
        assert translation.gettext(source) == english
    with translation.override("vi"):
        assert translation.gettext(source) == source


def test_app_names_render_in_english():
    for config in apps.get_app_configs():
        if config.name.startswith("motcua.") and isinstance(config.verbose_name, Promise):
            with translation.override("vi"):
                vietnamese = str(config.verbose_name)
            with translation.override("en"):
                assert str(config.verbose_name) != vietnamese, config.name


def test_model_and_field_names_render_in_english():
    untranslated = []
    for model in apps.get_models():
        if not model.__module__.startswith("motcua."):
            continue
        labels = [
            (model._meta.label, model._meta.verbose_name),
            (f"{model._meta.label} (plural)", model._meta.verbose_name_plural),
        ]
        labels += [
            (f"{model._meta.label}.{field.name}", field.verbose_name)
            for field in model._meta.get_fields()
            if isinstance(getattr(field, "verbose_name", None), Promise)
            # Fields a MotCua model inherits from a library's (Wagtail's Page) are the library's to translate.
            and getattr(field, "model", model).__module__.startswith("motcua.")
        ]
        for where_, label in labels:
            if not isinstance(label, Promise):
                continue
            with translation.override("vi"):
                vietnamese = str(label)
            with translation.override("en"):
                if str(label) == vietnamese:
                    untranslated.append(f"{where_}: {vietnamese!r}")
    assert not untranslated, "\n".join(untranslated)


def test_choices_render_in_english():
    untranslated = []
    for model in apps.get_models():
        if not model.__module__.startswith("motcua."):
            continue
        for field in model._meta.concrete_fields:
            for value, label in field.flatchoices:
                if not isinstance(label, Promise):
                    continue
                with translation.override("vi"):
                    vietnamese = str(label)
                with translation.override("en"):
                    if str(label) == vietnamese:
                        untranslated.append(f"{model._meta.label}.{field.name}={value!r}: {vietnamese!r}")
    assert not untranslated, "\n".join(untranslated)
