"""Related reading ("Läs också"): for each article, the others that share its rarest terms.

The score of another article is the sum, over the tags the two share, of each tag's rarity,
plus the kommun's rarity when both present the same kommun. Rarity is the inverse document
frequency, ln(N / n), N the number of shown articles and n the number filed under the term:
a tag on two articles says more about them than one on every other article. Ties go to the
newer article, then the Swedish order of titles, then the source path, so the lists are the
same on every build. Articles that share nothing are not shown: a short list is better than
an unrelated one.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable
from functools import lru_cache

from sitegen.content.model import Article
from sitegen.site.collect import Site

RELATED = 3  # articles in each article's "Läs också"
TAGS, KOMMUN = "tags", "kommun"  # the front matter fields the score reads


Lists = Callable[[tuple[str, ...], tuple[tuple[str, ...], ...], int], dict[str, tuple[str, ...]]]


def related(site: Site, count: int = RELATED, lists: Lists | None = None) -> dict[str, tuple[Article, ...]]:
    """Source path → up to `count` related articles, best first (see the module's rule).
    Reads the taxonomies of the fields `tags` and `kommun` (either may be absent from the
    site's config: then it adds nothing). `lists` works the lists out from sources alone
    (`related_lists`, or the same through a memo that outlives the process)."""
    order = tuple(article.source for article in site.articles)  # newest first
    members = tuple(tuple(a.source for a in term.articles)
                    for taxonomy in site.taxonomies if taxonomy.config.field in (TAGS, KOMMUN)
                    for term in taxonomy.terms)  # fmt: skip
    shown = {article.source: article for article in site.articles}
    return {source: tuple(shown[s] for s in best)
            for source, best in (lists or related_lists)(order, members, count).items()}  # fmt: skip


@lru_cache(maxsize=2)
def related_lists(order: tuple[str, ...], members: tuple[tuple[str, ...], ...],
                  count: int) -> dict[str, tuple[str, ...]]:  # fmt: skip
    """`related` on what it reads, sources only: the articles in date order (`order`) and
    each term's articles (`members`); source → up to `count` related sources, best first.
    Kept for the last two inputs, so that a `serve` rebuild after an edit that moved no
    article and changed no term reuses the lists."""
    total = len(order)
    weight = {number: math.log(total / len(sources)) for number, sources in enumerate(members)}
    terms_of: dict[str, set[int]] = defaultdict(set)
    for number, sources in enumerate(members):
        for source in sources:
            terms_of[source].add(number)
    rank = {source: i for i, source in enumerate(order)}
    by_number = dict(enumerate(members))
    found = {}
    for source in order:
        # Rarest first; a term on every article (weight 0) relates nothing.
        terms = sorted((t for t in terms_of.get(source, ()) if weight[t] > 0),
                       key=lambda t: (-weight[t], t))  # fmt: skip
        found[source] = tuple(_best(source, terms, weight, by_number, terms_of, rank, count))
    return found


def _best(source: str, terms: list[int], weight: dict[int, float], members: dict[int, tuple[str, ...]],
          terms_of: dict[str, set[int]], rank: dict[str, int], count: int) -> list[str]:  # fmt: skip
    """The `count` best other articles for `source`, whose terms are `terms` (rarest
    first). The same as scoring every article that shares a term, but it stops taking in
    the members of the commoner terms once no article met only through them (whose score
    is at most the sum of their weights) could enter the list: a common tag's thousand
    members are then never scored."""

    scores: dict[str, float] = {}
    for i, term in enumerate(terms):
        if len(scores) >= count:
            rest = sum(weight[t] for t in terms[i:])
            third = sorted(scores.values(), reverse=True)[count - 1]
            if third > rest * (1 + 1e-9):  # strictly more: ties may go either way
                break
        for other in members[term]:
            if other not in scores and other != source:
                held = terms_of[other]
                # Summed in the order of `terms`, whichever term met it: the same float.
                scores[other] = sum(weight[t] for t in terms if t in held)
    return sorted(scores, key=lambda s: (-scores[s], rank[s]))[:count]
