"""Diacritics- and case-insensitive procedure search, ranked, on SQLite and PostgreSQL.

Both databases search the same folded column (`motcua.core.text.fold`: lower case, no diacritics,
đ → d), maintained by the services on every write. Every query word must occur in it. Ranking:

- both databases: the whole phrase in the name (8) > every word in the name (4) > the phrase anywhere
  (2) > code equal to the query (16, so `1.001193` comes first);
- PostgreSQL adds pg_trgm's word similarity between the query and the name (0..1, scaled by 2), so a
  close name beats a long one, and also accepts names that are only *similar* (typos) through the
  `%>` word-similarity operator backed by a trigram GIN index on the folded column.

Typos on SQLite (which has no trigram index): when no version holds every word, each query word
may instead match a word of the folded text at most one edit away (rapidfuzz's Levenshtein
distance; words of three letters or fewer must match exactly), so "khai sinnh" finds "khai sinh".
`suggest` gives the "did you mean" query on both databases: every word of the query not in the
catalogue's vocabulary replaced by its nearest word there, with its diacritics.
"""

from collections import Counter

from django.db import connection
from django.db.models import Case, F, FloatField, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Length
from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from motcua.core.text import fold

MAX_EDITS = 1
FUZZY_LIMIT = 50


def _allowed_edits(word: str) -> int:
    return MAX_EDITS if len(word) > 3 else 0


def _near(term: str, vocabulary) -> bool:
    cutoff = _allowed_edits(term)
    if cutoff == 0:
        return term in vocabulary
    return any(Levenshtein.distance(term, word, score_cutoff=cutoff) <= cutoff for word in vocabulary)


def fuzzy_matches(qs: QuerySet, terms: list[str]) -> list[tuple[int, float]]:
    """(pk, score) of the versions of `qs` whose folded text has, for every term, a word at most one
    edit away; best first (score: rapidfuzz's token set ratio with the folded name)."""
    phrase = " ".join(terms)
    found = []
    for pk, name, text in qs.values_list("pk", "name_folded", "search_folded"):
        vocabulary = set(text.replace("|", " ").split())
        if all(_near(term, vocabulary) for term in terms):
            found.append((pk, fuzz.token_set_ratio(phrase, name)))
    found.sort(key=lambda x: -x[1])
    return found[:FUZZY_LIMIT]


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


def words(query: str) -> list[str]:
    return [w for w in fold(query).split(" ") if w]


def apply_search(qs: QuerySet, query: str) -> QuerySet:
    """Filter `qs` (ProcedureVersion) by `query` and annotate a `rank`; order best first."""
    folded = fold(query)
    terms = words(query)
    if not terms:
        return qs.annotate(rank=Value(0.0, output_field=FloatField()))
    all_words = Q()
    all_in_name = Q()
    for term in terms:
        all_words &= Q(search_folded__contains=term)
        all_in_name &= Q(name_folded__contains=term)
    score = (
        Case(
            When(procedure__code=query.strip(), then=Value(16)), default=Value(0), output_field=IntegerField()
        )
        + Case(
            When(name_folded__contains=folded, then=Value(8)), default=Value(0), output_field=IntegerField()
        )
        + Case(When(all_in_name, then=Value(4)), default=Value(0), output_field=IntegerField())
        + Case(
            When(search_folded__contains=folded, then=Value(2)), default=Value(0), output_field=IntegerField()
        )
    )
    if is_postgres():
        from django.contrib.postgres.search import TrigramWordSimilarity

        qs = qs.filter(all_words | Q(name_folded__trigram_word_similar=folded))
        qs = qs.annotate(score_base=score).annotate(
            rank=F("score_base") * Value(1.0) + TrigramWordSimilarity(folded, "name_folded") * Value(2.0)
        )
    else:
        base = qs
        qs = (
            qs.filter(all_words)
            .annotate(score_base=score)
            .annotate(rank=F("score_base") * Value(1.0, output_field=FloatField()))
        )
        if not qs.exists():
            found = fuzzy_matches(base, terms)
            ranks = [When(pk=pk, then=Value(score / 100.0)) for pk, score in found]
            return (
                base.filter(pk__in=[pk for pk, _score in found])
                .annotate(rank=Case(*ranks, default=Value(0.0), output_field=FloatField()))
                .order_by("-rank", Length("name"), "procedure__code")
            )
    return qs.order_by("-rank", Length("name"), "procedure__code")


def suggest(qs: QuerySet, query: str) -> str:
    """The query with each word unknown to the catalogue (`qs`: the versions searched) replaced by
    the nearest known word, written as the catalogue writes it (with diacritics); "" when every word
    is known or none is near."""
    terms = words(query)
    if not terms:
        return ""
    spelled: dict[str, Counter] = {}
    for name, text in qs.values_list("name", "search_folded"):
        for word in name.split():
            clean = word.strip("(),.;:“”\"'")
            if clean:
                spelled.setdefault(fold(clean), Counter())[clean.lower()] += 1
        for word in text.replace("|", " ").split():
            spelled.setdefault(word, Counter())
    vocabulary = list(spelled)
    out, changed = [], False
    for term in terms:
        if term in spelled or not vocabulary:
            best = term
        else:
            hit = process.extractOne(
                term, vocabulary, scorer=Levenshtein.distance, score_cutoff=max(_allowed_edits(term), 1)
            )
            if hit is None:
                return ""
            best, changed = hit[0], True
        counts = spelled.get(best)
        out.append(counts.most_common(1)[0][0] if counts else best)
    return " ".join(out) if changed else ""
