"""Page keys: a hash of everything a page's bytes can depend on, derived, never restated.

A key covers sitegen's code and libraries (`code_version`), the template and every template
it extends, includes or imports (`Renderer.template_key`), the site-wide values templates
read (everything in the environment's `site`), and the page's URL, template name and whole
context, fingerprinted field by field. Equal keys render equal bytes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sitegen.content.photos import PhotoSizes
from sitegen.incremental.cache import Cache
from sitegen.incremental.code import code_version
from sitegen.incremental.fingerprint import Fingerprints, digest
from sitegen.output.images import Measures

if TYPE_CHECKING:  # not imported for a build that finds nothing changed
    from sitegen.incremental.bodies import Planned
    from sitegen.output.render import Renderer
    from sitegen.site.plan import Page


class PageKeys:
    """`of(page)` is the page's key (32 hex digits) in one build."""

    def __init__(self, renderer: Renderer, site_values: Any, fingerprints: Fingerprints) -> None:
        self._renderer = renderer
        self._fingerprints = fingerprints
        self._site = f"{code_version()} {fingerprints.of(site_values)}"
        self._shared: dict[str, str] = {}
        self._known: dict[int, tuple[Page, str]] = {}  # by page identity: asked again after publishing

    def of(self, page: Page) -> str:
        known = self._known.get(id(page))
        if known is not None and known[0] is page:
            return known[1]
        shared = self._shared.get(page.template)
        if shared is None:
            template = self._renderer.template_key(page.template)
            shared = self._shared[page.template] = digest(f"{self._site} {template}".encode())
        context = self._fingerprints.of(page.context)
        key = digest(f"{shared} {page.template} {page.url} {context}".encode())
        self._known[id(page)] = (page, key)
        return key


@dataclass
class Memo:
    """What `serve` keeps between the builds of one process; a plain build makes a new one.

    `cache` is the build cache in memory; `fingerprints` remembers the fingerprints of
    objects that outlive a build (articles read from unchanged files are the same objects);
    `environments` keeps compiled templates for as long as the templates and the site
    values they were compiled with stay the same; `urls` is each source's URL at the last
    good build (for redirects); `photos` the photos' sizes; `pictures` the images'
    measures (size and variants)."""

    cache: Cache
    fingerprints: Fingerprints = field(default_factory=Fingerprints)
    environments: dict[str, Any] = field(default_factory=dict)
    urls: dict[str, str] = field(default_factory=dict)
    photos: PhotoSizes = field(default_factory=PhotoSizes)  # photos' sizes, by file stamp
    planned: Planned | None = None  # the last good build's plan, for body edits (`incremental.bodies`)
    pictures: Measures = field(default_factory=Measures)  # images' variants, by file stamp
