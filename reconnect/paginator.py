"""A paginator whose count stops at a cap, so that a long list costs no more to count than a short one."""

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property


class CappedPage(Page):
    """A page that knows whether another follows by having read one row more, not from the total."""

    paginator: "CappedPaginator"

    def __init__(self, object_list, number, paginator, *, has_more: bool = False):
        super().__init__(object_list, number, paginator)
        self.has_more = has_more

    def has_next(self) -> bool:
        return self.has_more if self.paginator.is_capped else super().has_next()

    def end_index(self) -> int:
        if self.paginator.is_capped:
            return self.start_index() + len(self) - 1
        return super().end_index()


class CappedPaginator(Paginator):
    """Count at most `cap` + 1 rows: up to the cap the count is exact; past it, only "more than `cap`" is known.

    The count is `SELECT COUNT(*) FROM (SELECT … LIMIT cap + 1)`, so on PostgreSQL and SQLite alike it reads at
    most cap + 1 rows (of an index, where one matches the filters) whatever the table holds. Past the cap, every
    page number is accepted: a page reads one row more than it shows to know whether a next page exists, a page
    past the end falls back to the last page the count reached, and `num_pages` is that page, not the true last.
    Templates ask `paginator.is_capped` to say "more than …" and to leave out the total of pages.
    """

    def __init__(self, object_list, per_page, *, cap: int, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.cap = cap

    @cached_property
    def count(self) -> int:
        """The number of objects, up to cap + 1; cap + 1 means more than `cap`."""
        objects = self.object_list
        if isinstance(objects, QuerySet):
            return objects.order_by()[: self.cap + 1].count()
        return min(len(objects), self.cap + 1)

    @property
    def is_capped(self) -> bool:
        return self.count > self.cap

    def validate_number(self, number) -> int:
        try:
            return super().validate_number(number)
        except EmptyPage:
            # Past the cap, a page beyond the counted ones may still hold rows: page() finds out.
            if self.is_capped and int(number) >= 1:
                return int(number)
            raise

    def page(self, number) -> Page:
        number = self.validate_number(number)
        if not self.is_capped:
            return super().page(number)
        bottom = (number - 1) * self.per_page
        rows = list(self.object_list[bottom : bottom + self.per_page + 1])
        if not rows:
            raise EmptyPage(self.error_messages["no_results"])
        return CappedPage(rows[: self.per_page], number, self, has_more=len(rows) > self.per_page)

    def _get_page(self, *args, **kwargs) -> Page:
        return CappedPage(*args, **kwargs)

    def get_page(self, number) -> Page:
        """A page that exists, whatever `number` says: the first for no number, the last counted past the end."""
        try:
            return self.page(number)
        except PageNotAnInteger:
            return self.page(1)
        except EmptyPage:
            return self.page(self.num_pages)
