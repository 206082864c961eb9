import pytest

from posts.models import WatchedAction, WatchedWord


@pytest.fixture
def watch(db):
    """Add a watched word as a moderator would (the saved signal tells every process)."""

    def add(pattern: str, action: str = WatchedAction.HOLD, *, is_regex: bool = False) -> WatchedWord:
        return WatchedWord.objects.create(pattern=pattern, action=action, is_regex=is_regex)

    return add
