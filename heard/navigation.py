"""The navigation registry: a short primary navigation by area, each area's pages beneath.

Eight areas are fixed here, in the order people meet them. Apps do not edit this
module to appear in the menu: each app has a ``navigation.py`` that calls
:func:`register` once per page (found by :func:`autodiscover`, as Django's admin
finds ``admin.py``). An area shows only when the user may see at least one of its
pages, so areas that have no pages yet (Voice, Reports, Network) stay hidden until
an app registers one. See docs/adr/0010-navigation-translation-and-nation.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from fnmatch import fnmatchcase

from django.utils import translation
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from heard.core.paths import fixed_path


@dataclass(frozen=True)
class Area:
    key: str
    label: str


AREAS: tuple[Area, ...] = (
    Area("home", pgettext_lazy("navigation area", "Home")),
    Area("casework", pgettext_lazy("navigation area", "Casework")),
    Area("change", pgettext_lazy("navigation area", "Change")),
    Area("team", pgettext_lazy("navigation area", "Team")),
    Area("voice", pgettext_lazy("navigation area", "Voice")),
    Area("reports", pgettext_lazy("navigation area", "Reports")),
    Area("network", pgettext_lazy("navigation area", "Network")),
    Area("admin", pgettext_lazy("navigation area", "Admin")),
)
_AREA_KEYS = {area.key for area in AREAS}


@dataclass(frozen=True)
class Page:
    """One entry in an area's secondary navigation.

    ``permission`` is checked against the current organisation (None: every member).
    ``matches`` are view-name patterns (``fnmatch``) whose pages count as "in" this
    entry, so a case's detail page marks "Cases" as current.
    """

    area: str
    label: str
    url_name: str
    permission: str | None = None
    order: int = 100
    matches: tuple[str, ...] = ()

    def match_strength(self, view_name: str) -> int:
        """0 when the view is not this page's; otherwise higher for a more specific match."""
        if view_name == self.url_name:
            return 10_000
        return max(
            (len(pattern) for pattern in self.matches if fnmatchcase(view_name, pattern)),
            default=0,
        )


_registry: dict[str, Page] = {}
_discovered = False
# The pages in menu order for each language (the order falls back to the label, which is
# translated), sorted once per process rather than per request; menu URLs take no arguments,
# so each is reversed once per process too (``fixed_path``).
_ordered: dict[str | None, list[Page]] = {}


def register(
    area: str,
    label: str,
    url_name: str,
    *,
    permission: str | None = None,
    order: int = 100,
    matches: tuple[str, ...] = (),
) -> Page:
    """Add a page to an area's navigation; registering the same URL name twice replaces it."""
    if area not in _AREA_KEYS:
        raise ValueError(f"Unknown navigation area {area!r}: one of {sorted(_AREA_KEYS)}")
    page = Page(area, label, url_name, permission, order, tuple(matches))
    _registry[url_name] = page
    _ordered.clear()
    return page


def autodiscover() -> None:
    """Import every installed app's ``navigation`` module once."""
    global _discovered
    if not _discovered:
        autodiscover_modules("navigation")
        _discovered = True


def registered_pages() -> list[Page]:
    """Every registered page in menu order (sorted once per language and process)."""
    autodiscover()
    language = translation.get_language()
    pages = _ordered.get(language)
    if pages is None:
        pages = sorted(_registry.values(), key=lambda page: (page.order, str(page.label)))
        _ordered[language] = pages
    return list(pages)


@dataclass
class Link:
    label: str
    url: str
    current: str | None  # "page", "true" or None: the value of aria-current


@dataclass
class Menu:
    areas: list[Link]
    pages: list[Link]  # the current area's pages, empty when no area is current
    current_area: Link | None


def build(user, organisation, view_name: str, path: str) -> Menu:
    """The menu this user sees in this organisation, with the current area and page marked."""
    visible: dict[str, list[Page]] = {}
    for page in registered_pages():
        if page.permission is None or user.has_perm(page.permission, organisation):
            visible.setdefault(page.area, []).append(page)

    strength, current_page = max(
        ((page.match_strength(view_name), page) for pages in visible.values() for page in pages),
        key=lambda pair: pair[0],
        default=(0, None),
    )
    if not strength:
        current_page = None
    current_key = current_page.area if current_page else None

    areas, pages, current_area = [], [], None
    for area in AREAS:
        if area.key not in visible:
            continue
        is_current = area.key == current_key
        link = Link(
            area.label, fixed_path(visible[area.key][0].url_name), "true" if is_current else None
        )
        areas.append(link)
        if is_current:
            current_area = link
            for page in visible[area.key]:
                url = fixed_path(page.url_name)
                state = None
                if page is current_page:
                    state = "page" if url == path else "true"
                pages.append(Link(page.label, url, state))
    return Menu(areas=areas, pages=pages, current_area=current_area)


def navigation(request):
    """Context processor: ``navigation`` for signed-in members, built only when a page uses it."""
    organisation = getattr(request, "organisation", None)
    user = getattr(request, "user", None)
    if organisation is None or user is None or not user.is_authenticated:
        return {"navigation": None}
    match = getattr(request, "resolver_match", None)
    view_name = match.view_name if match else ""
    cache: dict[str, Menu] = {}

    def menu() -> Menu:
        if "menu" not in cache:
            cache["menu"] = build(user, organisation, view_name, request.path)
        return cache["menu"]

    return {"navigation": menu}


# Home is the ground floor's own page, so it is registered here rather than by an app.
register("home", _("Overview"), "home", order=0)
