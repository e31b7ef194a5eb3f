"""Suggest themes for an initiative from its title and description, and map themes to goals.

Pure functions over plain data: the vocabulary (reference/themes.csv), the keywords and
phrases that signal each theme in English, French and Spanish (reference/theme_keywords.csv)
and the crosswalk to the Millennium and Sustainable Development Goals (reference/goals.csv,
reference/theme_goals.csv). The tables are read once and cached; nothing here touches the
database, so the functions run without Django being set up.

Matching ignores case, accents and simple plural forms, and small words such as "of", "des"
or "los", so "Trata de Personas" matches "trata de personas" and "victims of trafficking"
matches "victim trafficking". A suggestion is a suggestion: the secretariat confirms it.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

REFERENCE_DIR = Path(__file__).resolve().parent / "reference"

# How much a match weighs. A phrase says more than a single word, a title more than a
# description, a phrase in the initiative's own language a little more than one in another.
WORD = 1.0
PHRASE = 1.6
PER_EXTRA_WORD = 0.2
LONGEST_PHRASE = 2.4
TITLE = 1.5
DESCRIPTION = 1.0
OTHER_LANGUAGE = 0.85
# The three freedoms, the 1994 report and the concept itself are the top of the tree: almost
# everything the group does touches them, so their words alone say less.
TOP_OF_TREE = 0.6
# A theme's further matches add less and less: the best counts fully, the next half, ...
DECAY = 0.5
# A narrower theme that matches ranks just above its broader theme when both match.
NARROWER = 0.25
MIN_SCORE = 0.9

# Articles, prepositions and conjunctions in English, French and Spanish, left out of both
# phrases and text ("traite des personnes" = "traite de personnes").
STOP_WORDS = frozenset(
    {
        *("a", "an", "and", "for", "in", "of", "on", "the", "to", "with"),
        *("au", "aux", "d", "de", "des", "du", "en", "et", "l", "la", "le", "les", "pour"),
        *("un", "une", "al", "del", "e", "el", "las", "los", "para", "por", "y"),
    }
)
# Words ending in s that are not plurals ("aids" is not "aid"). Words ending in -ss, -us
# and -is ("crisis", "virus") keep their s anyway.
KEEP_FINAL_S = frozenset({"aids", "news"})

TOKEN = re.compile(r"\w+")
LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE"})


@dataclass(frozen=True)
class Suggestion:
    theme: str
    score: float
    reason: str


@dataclass(frozen=True)
class Goal:
    code: str
    framework: str
    number: int
    name_en: str
    name_fr: str
    name_es: str

    def name(self, language: str = "en") -> str:
        return getattr(self, f"name_{language[:2]}", "") or self.name_en


@dataclass(frozen=True)
class _Keyword:
    theme: str
    languages: frozenset[str]
    phrase: str
    stems: tuple[str, ...]


@dataclass(frozen=True)
class _Match:
    keyword: _Keyword
    field: str
    start: int  # token positions, end exclusive
    end: int
    quote: str
    weight: float


def _fold(word: str) -> str:
    word = unicodedata.normalize("NFKD", word.translate(LIGATURES).casefold())
    return "".join(char for char in word if not unicodedata.combining(char))


def _stem(word: str) -> str:
    """Singular and plural to one form: refugees/refugee -> refuge, naciones/nación ->
    nacion, communities/community -> community. Crude, but the same on both sides."""
    if len(word) <= 3 or word in KEEP_FINAL_S or word.isdigit():
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("eaux"):
        return word[:-1]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    if word.endswith("e") and len(word) > 3:
        word = word[:-1]
    return word


def _tokens(text: str) -> list[tuple[str, int, int]]:
    """(stem, start, end) for each word that is not a stop word, with its place in text."""
    found = []
    for match in TOKEN.finditer(text):
        word = _fold(match.group())
        if word.strip("_") and word not in STOP_WORDS:
            found.append((_stem(word), match.start(), match.end()))
    return found


@cache
def _themes() -> dict[str, str]:
    """Each theme code with its broader theme's code ('' at the top)."""
    with open(REFERENCE_DIR / "themes.csv", encoding="utf-8", newline="") as file:
        return {row["code"]: row["parent"] for row in csv.DictReader(file)}


@cache
def _keywords() -> dict[str, tuple[_Keyword, ...]]:
    """Keywords by their first stem. A phrase listed in several languages for one theme
    (“migration”, “justice”) is one keyword."""
    languages: dict[tuple[str, tuple[str, ...]], set[str]] = defaultdict(set)
    phrases: dict[tuple[str, tuple[str, ...]], str] = {}
    with open(REFERENCE_DIR / "theme_keywords.csv", encoding="utf-8", newline="") as file:
        for row in csv.DictReader(file):
            stems = tuple(stem for stem, _, _ in _tokens(row["phrase"]))
            if stems:
                key = (row["theme"], stems)
                languages[key].add(row["language"])
                phrases.setdefault(key, row["phrase"])
    index: dict[str, list[_Keyword]] = defaultdict(list)
    for (theme, stems), langs in languages.items():
        keyword = _Keyword(theme, frozenset(langs), phrases[theme, stems], stems)
        index[stems[0]].append(keyword)
    return {first: tuple(found) for first, found in index.items()}


def keyword_table() -> list[tuple[str, str, str]]:
    """(theme, language, phrase) rows as listed in theme_keywords.csv."""
    with open(REFERENCE_DIR / "theme_keywords.csv", encoding="utf-8", newline="") as file:
        return [(row["theme"], row["language"], row["phrase"]) for row in csv.DictReader(file)]


def _ancestors(theme: str) -> list[str]:
    parents, found = _themes(), []
    while parent := parents.get(theme, ""):
        found.append(parent)
        theme = parent
    return found


def _matches(field: str, text: str, language: str | None) -> list[_Match]:
    tokens = _tokens(text)
    stems = [stem for stem, _, _ in tokens]
    index = _keywords()
    found = []
    for position, stem in enumerate(stems):
        for keyword in index.get(stem, ()):
            end = position + len(keyword.stems)
            if tuple(stems[position:end]) != keyword.stems:
                continue
            size = len(keyword.stems)
            weight = (
                WORD if size == 1 else min(PHRASE + PER_EXTRA_WORD * (size - 2), LONGEST_PHRASE)
            )
            weight *= TITLE if field == "title" else DESCRIPTION
            if language and language[:2] not in keyword.languages:
                weight *= OTHER_LANGUAGE
            if not _themes().get(keyword.theme):
                weight *= TOP_OF_TREE
            quote = " ".join(text[tokens[position][1] : tokens[end - 1][2]].split())
            found.append(_Match(keyword, field, position, end, quote, weight))
    # A word inside a longer phrase is that phrase's: "children" in "child soldiers" does
    # not also count for the protection of children.
    return [
        match
        for match in found
        if not any(
            other.start <= match.start
            and match.end <= other.end
            and other.end - other.start > match.end - match.start
            for other in found
        )
    ]


def suggest_themes(
    title: str, description: str = "", language: str | None = None, limit: int = 3
) -> list[Suggestion]:
    """The themes an initiative most likely belongs to, best first, each with its reason
    ('the title says "Workshop on Human Trafficking"' quotes the words as written).

    language is the initiative's original language ("en", "fr", "es"), if known: phrases in
    that language count a little more. Themes under MIN_SCORE are not suggested.
    """
    by_theme: dict[str, list[_Match]] = defaultdict(list)
    for field, text in (("title", title or ""), ("description", description or "")):
        for match in _matches(field, text, language):
            by_theme[match.keyword.theme].append(match)

    scores: dict[str, float] = {}
    reasons: dict[str, str] = {}
    for theme, matches in by_theme.items():
        # Each phrase counts once, where it weighs most (the title before the description).
        best: dict[tuple[str, ...], _Match] = {}
        for match in matches:
            stems = match.keyword.stems
            if stems not in best or match.weight > best[stems].weight:
                best[stems] = match
        ranked = sorted(best.values(), key=lambda m: (-m.weight, m.field != "title", m.start))
        scores[theme] = sum(m.weight * DECAY**rank for rank, m in enumerate(ranked))
        reasons[theme] = _reason(ranked)

    # A narrower theme beats its broader theme when both match.
    for theme in sorted(scores, key=lambda t: len(_ancestors(t))):
        broader = [scores[a] for a in _ancestors(theme) if a in scores]
        if broader:
            scores[theme] = max(scores[theme], *broader) + NARROWER

    order = _order()
    ranked_themes = sorted(scores, key=lambda t: (-scores[t], order[t]))
    return [
        Suggestion(theme, round(scores[theme], 3), reasons[theme])
        for theme in ranked_themes
        if scores[theme] >= MIN_SCORE
    ][: max(limit, 0)]


def _reason(matches: list[_Match]) -> str:
    """'the title says "mine action"'; at most two quotes, grouped by field:
    'the title says "trata de personas" and the description says "víctimas de trata"'."""
    quotes: dict[str, list[str]] = {}
    seen: set[str] = set()
    for match in matches:
        if match.quote.casefold() not in seen and len(seen) < 2:
            seen.add(match.quote.casefold())
            quotes.setdefault(match.field, []).append(f'"{match.quote}"')
    return " and ".join(
        f"the {field} says {' and '.join(quoted)}" for field, quoted in quotes.items()
    )


@cache
def _order() -> dict[str, int]:
    return {code: n for n, code in enumerate(_themes())}


@cache
def goals() -> dict[str, Goal]:
    """The 8 Millennium Development Goals and the 17 Sustainable Development Goals, by code."""
    with open(REFERENCE_DIR / "goals.csv", encoding="utf-8", newline="") as file:
        rows = [
            Goal(
                row["code"],
                row["framework"],
                int(row["number"]),
                row["name_en"],
                row["name_fr"],
                row["name_es"],
            )
            for row in csv.DictReader(file)
        ]
    return {goal.code: goal for goal in sorted(rows, key=lambda g: (g.framework, g.number))}


@cache
def _crosswalk() -> dict[str, tuple[str, ...]]:
    found: dict[str, list[str]] = defaultdict(list)
    with open(REFERENCE_DIR / "theme_goals.csv", encoding="utf-8", newline="") as file:
        for row in csv.DictReader(file):
            found[row["theme"]].append(row["goal"])
    return {theme: tuple(codes) for theme, codes in found.items()}


def crosswalk_rows() -> list[tuple[str, str]]:
    """(theme, goal) rows as listed in theme_goals.csv."""
    return [(theme, goal) for theme, codes in _crosswalk().items() for goal in codes]


def goals_for(theme_codes: Iterable[str]) -> list[str]:
    """The goals the themes serve: Millennium Development Goals first, then Sustainable
    Development Goals, each in number order, each once. Themes without a crosswalk entry
    (including codes added to the vocabulary later) serve none."""
    wanted = {goal for theme in theme_codes for goal in _crosswalk().get(theme, ())}
    return [code for code in goals() if code in wanted]
