"""The French and Spanish catalogues: complete, safe to format, and compiled.

A focal point who chooses français or español must not meet English in the middle of a
page, and a translation must never name a placeholder the code does not fill (that
would be an error page). The .mo files Django reads are committed; they must say what
the .po files say. `make messages` brings the catalogues up to date after a change.
"""

from __future__ import annotations

import ast
import gettext
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

LOCALE = Path(__file__).resolve().parents[1] / "src" / "humsec" / "locale"
LANGUAGES = ("fr", "es")
PLACEHOLDER = re.compile(r"%\((\w+)\)[sdr]|\{(\w+)\}")


def entries(path: Path) -> list[dict]:
    """The catalogue's entries: msgid, msgid_plural, msgstr (a list), flags, msgctxt."""
    found, entry, key = [], None, None
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if not line.strip():
            if entry and entry.get("msgid") is not None:
                found.append(entry)
            entry, key = None, None
            continue
        entry = entry if entry is not None else {"flags": set(), "msgstr": {}}
        if line.startswith("#,"):
            entry["flags"] |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            text = ast.literal_eval(line)
            if isinstance(key, int):
                entry["msgstr"][key] += text
            else:
                entry[key] += text
        else:
            word, _space, rest = line.partition(" ")
            text = ast.literal_eval(rest)
            if word.startswith("msgstr"):
                key = int(word[7:-1]) if "[" in word else 0
                entry["msgstr"][key] = text
            else:
                key = word
                entry[key] = text
    return [e for e in found if e["msgid"] or e.get("msgctxt")]  # not the header


def placeholders(text: str) -> set[str]:
    return {a or b for a, b in PLACEHOLDER.findall(text)}


@pytest.fixture(scope="module", params=LANGUAGES)
def catalogue(request) -> tuple[str, list[dict]]:
    return request.param, entries(LOCALE / request.param / "LC_MESSAGES" / "django.po")


def test_every_string_is_translated_and_none_is_a_guess(catalogue):
    language, found = catalogue
    missing = [e["msgid"] for e in found if "fuzzy" in e["flags"] or not all(e["msgstr"].values())]
    assert len(found) > 800
    assert missing == [], f"{language}: {len(missing)} strings not translated"


def test_a_translation_names_only_the_placeholders_of_its_english(catalogue):
    language, found = catalogue
    wrong = [
        (e["msgid"], text)
        for e in found
        if "fuzzy" not in e["flags"]
        for text in e["msgstr"].values()
        if not placeholders(text) <= placeholders(e["msgid"] + e.get("msgid_plural", ""))
    ]
    assert wrong == [], language


def test_the_compiled_catalogue_says_what_the_po_file_says(catalogue):
    language, found = catalogue
    with (LOCALE / language / "LC_MESSAGES" / "django.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = []
    for e in found:
        if "fuzzy" in e["flags"] or not e["msgstr"][0]:
            continue  # Django leaves these in English; the first test names them
        context = e.get("msgctxt")
        if "msgid_plural" in e:
            got = (
                compiled.npgettext(context, e["msgid"], e["msgid_plural"], 1)
                if context
                else (compiled.ngettext(e["msgid"], e["msgid_plural"], 1))
            )
            expected = e["msgstr"][0]
        else:
            got = (
                compiled.pgettext(context, e["msgid"]) if context else compiled.gettext(e["msgid"])
            )
            expected = e["msgstr"][0]
        if got != expected:
            stale.append(e["msgid"])
    assert stale == [], f"{language}: run `make messages` (compilemessages) again"


@pytest.mark.skipif(
    shutil.which("xgettext") is None,
    reason="the check that every string is in the catalogues needs GNU gettext "
    "(Debian: apt-get install gettext)",
)
def test_every_translatable_string_of_the_code_is_in_the_catalogues(tmp_path):
    """What `make messages` would extract from the code today is what the .po files hold."""
    copy = tmp_path / "humsec"
    shutil.copytree(LOCALE.parent, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    subprocess.run(
        [sys.executable, "-m", "django", "makemessages", "-l", "fr", "--no-obsolete"],
        cwd=copy,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "humsec.settings"},
        check=True,
        capture_output=True,
    )

    def ids(path: Path) -> set[tuple]:
        return {(e.get("msgctxt"), e["msgid"]) for e in entries(path)}

    extracted = ids(copy / "locale" / "fr" / "LC_MESSAGES" / "django.po")
    committed = ids(LOCALE / "fr" / "LC_MESSAGES" / "django.po")
    assert sorted(extracted - committed) == [], "new strings: run `make messages` and translate"
    assert sorted(committed - extracted) == [], "strings no longer used: run `make messages`"
