"""Diacritics- and case-insensitive procedure search, ranked, on SQLite and PostgreSQL.

Both databases search the same folded column (`motcua.core.text.fold`: lower case, no diacritics,
đ → d), maintained by the services on every write. Every query word must occur in it. Ranking:

- both databases: the whole phrase in the name (8) > every word in the name (4) > the phrase anywhere
  (2) > code equal to the query (16, so `1.001193` comes first);
- PostgreSQL adds pg_trgm's word similarity between the query and the name (0..1, scaled by 2), so a
  close name beats a long one, and also accepts names that are only *similar* (typos) through the
  `%>` word-similarity operator backed by a trigram GIN index on the folded column.
"""

from django.db import connection
from django.db.models import Case, F, FloatField, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Length

from motcua.core.text import fold


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
        qs = (
            qs.filter(all_words)
            .annotate(score_base=score)
            .annotate(rank=F("score_base") * Value(1.0, output_field=FloatField()))
        )
    return qs.order_by("-rank", Length("name"), "procedure__code")
