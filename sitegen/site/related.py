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

from sitegen.content.model import Article
from sitegen.site.collect import Site

RELATED = 3  # articles in each article's "Läs också"
TAGS, KOMMUN = "tags", "kommun"  # the front matter fields the score reads


def related(site: Site, count: int = RELATED) -> dict[str, tuple[Article, ...]]:
    """Source path → up to `count` related articles, best first (see the module's rule).
    Reads the taxonomies of the fields `tags` and `kommun` (either may be absent from the
    site's config: then it adds nothing)."""
    total = len(site.articles)
    weight: dict[int, float] = {}  # term (numbered across both taxonomies) → its rarity
    members: dict[int, tuple[str, ...]] = {}
    terms_of: dict[str, set[int]] = defaultdict(set)
    for taxonomy in site.taxonomies:
        if taxonomy.config.field in (TAGS, KOMMUN):
            for term in taxonomy.terms:
                number = len(weight)
                weight[number] = math.log(total / len(term.articles))
                members[number] = tuple(a.source for a in term.articles)
                for article in term.articles:
                    terms_of[article.source].add(number)
    rank = {article.source: i for i, article in enumerate(site.articles)}  # newest first
    found = {}
    for article in site.articles:
        # Rarest first; a term on every article (weight 0) relates nothing.
        terms = sorted((t for t in terms_of.get(article.source, ()) if weight[t] > 0),
                       key=lambda t: (-weight[t], t))  # fmt: skip
        best = _best(article.source, terms, weight, members, terms_of, rank, count)
        found[article.source] = tuple(site.articles[rank[s]] for s in best)
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
