import pytest

from sitegen.site.paginate import paginate


def test_pages_split_items_and_know_their_neighbours() -> None:
    pages = paginate(list(range(25)), 10, "/etikett/x/")
    assert [len(p.items) for p in pages] == [10, 10, 5]
    assert [p.url for p in pages] == ["/etikett/x/", "/etikett/x/sida/2/", "/etikett/x/sida/3/"]
    first, middle, last = pages
    assert (first.newer_url, first.older_url) == (None, "/etikett/x/sida/2/")
    assert (middle.newer_url, middle.older_url) == ("/etikett/x/", "/etikett/x/sida/3/")
    assert (last.newer_url, last.older_url) == ("/etikett/x/sida/2/", None)
    assert sum((list(p.items) for p in pages), []) == list(range(25))


@pytest.mark.parametrize(("count", "pages"), [(0, 1), (1, 1), (10, 1), (11, 2), (20, 2), (21, 3)])
def test_page_count(count: int, pages: int) -> None:
    assert len(paginate(list(range(count)), 10, "/")) == pages


def test_empty_list_has_one_empty_page() -> None:
    (page,) = paginate([], 10, "/")
    assert page.items == () and page.url == "/" and page.count == 1


@pytest.mark.parametrize(
    ("current", "expected"),
    [
        (1, [1, 2, 3, None, 20]),
        (6, [1, None, 4, 5, 6, 7, 8, None, 20]),
        (4, [1, 2, 3, 4, 5, 6, None, 20]),
        (20, [1, None, 18, 19, 20]),
    ],
)
def test_iter_pages_leaves_gaps(current: int, expected: list[int | None]) -> None:
    pages = paginate(list(range(200)), 10, "/")
    assert list(pages[current - 1].iter_pages()) == expected


def test_short_archives_have_no_gaps() -> None:
    pages = paginate(list(range(50)), 10, "/")
    assert list(pages[2].iter_pages()) == [1, 2, 3, 4, 5]


def test_custom_page_pattern() -> None:
    pages = paginate(list(range(3)), 1, "/", "page/{n}/")
    assert [p.url for p in pages] == ["/", "/page/2/", "/page/3/"]


def test_iter_pages_is_every_page_near_an_edge_or_the_current_one() -> None:
    for count in range(1, 30):
        for pager in paginate(list(range(count)), 1, "/"):
            for edge, around in [(1, 2), (0, 0), (2, 1), (3, 5)]:
                near = [
                    n
                    for n in range(1, count + 1)
                    if n <= edge or n > count - edge or abs(n - pager.number) <= around
                ]
                with_gaps = [
                    part
                    for i, n in enumerate(near)
                    for part in ([None, n] if n != (near[i - 1] if i else 0) + 1 else [n])
                ]
                assert list(pager.iter_pages(edge, around)) == with_gaps


def test_url_of_a_page_that_is_not_there_says_which_are() -> None:
    """Found by a helper session: url_of(0) gave the last page (Python reads -1 from the end)
    and url_of(3) of two pages 'tuple index out of range'."""
    pager = paginate(list(range(4)), 2, "/etikett/a/")[0]
    assert [pager.url_of(1), pager.url_of(2)] == ["/etikett/a/", "/etikett/a/sida/2/"]
    for wrong in (0, -1, 3):
        with pytest.raises(ValueError, match=rf"^url_of\({wrong}\): the pages are numbered 1 to 2$"):
            pager.url_of(wrong)
