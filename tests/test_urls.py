import pytest

from sitegen.urls import UrlPattern, is_safe, output_path, paged, slugify


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Socialförvaltning", "socialforvaltning"),
        ("Barn och unga", "barn-och-unga"),
        ("Missbruk & beroende", "missbruk-beroende"),
        ("Lätt att leva för socionomer i Ale", "latt-att-leva-for-socionomer-i-ale"),
        ("Åmål", "amal"),
        ("ÖSTRA GÖTEBORG", "ostra-goteborg"),
        ("Café é", "cafe-e"),
        ("Straße", "strasse"),
        ("Москва", "moskva"),
        ("  --Gör skillnad!--  ", "gor-skillnad"),
        ("A/B\\C", "a-b-c"),
        ("Ö\u0308", "o"),  # stray combining mark
        ("So\u0308dertälje", "sodertalje"),  # decomposed ö
        ("!!!", ""),
    ],
)
def test_slugify(text: str, slug: str) -> None:
    assert slugify(text) == slug


@pytest.mark.parametrize(
    ("root", "n", "url"),
    [
        ("/etikett/socialforvaltning/", 1, "/etikett/socialforvaltning/"),
        ("/etikett/socialforvaltning/", 2, "/etikett/socialforvaltning/sida/2/"),
        ("/", 3, "/sida/3/"),
    ],
)
def test_paged_urls(root: str, n: int, url: str) -> None:
    assert paged(root, n) == url


def test_article_pattern_expands_to_url_and_path() -> None:
    url = UrlPattern("/{year}/{month}/{slug}/").expand(year="2016", month="01", slug="ale")
    assert url == "/2016/01/ale/"
    assert output_path(url) == "2016/01/ale/index.html"
    assert output_path("/404.html") == "404.html"
    assert output_path("/") == "index.html"


@pytest.mark.parametrize("url", ["/../etc/", "/a/../../b/", "/a\\b/", "/./x/"])
def test_unsafe_urls(url: str) -> None:
    assert not is_safe(url)


def test_safe_url() -> None:
    assert is_safe("/2016/01/a..b/")
