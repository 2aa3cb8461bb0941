from core.pagination import NumberPage, number_range, page_count, page_of


def test_pages_cut_by_number():
    assert page_count(0, 20) == 1 and page_count(20, 20) == 1 and page_count(21, 20) == 2
    assert page_of(1, 20) == 1 and page_of(20, 20) == 1 and page_of(21, 20) == 2
    assert number_range(3, 20) == (41, 60)
    page = NumberPage(2, 3)
    assert page.has_previous() and page.has_next() and page.has_other_pages()
    assert (page.previous_page_number(), page.next_page_number(), page.paginator.num_pages) == (1, 3, 3)
    assert not NumberPage(1, 1).has_other_pages()
