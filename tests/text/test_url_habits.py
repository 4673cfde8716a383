"""What a URL picks up on its way into a url: value (the examples pin the messages)."""

from __future__ import annotations

import pytest

from bot.text import url_habits as habits


@pytest.mark.parametrize(
    ("url", "clean"),
    [
        ("[Paper](https://x.org/a)", "https://x.org/a"),
        ("\\[[Paper](https://x.org/a)]", "https://x.org/a"),
        ("[https://x.org/a](<https://x.org/a>)", "https://x.org/a"),
        ("<https://x.org/a>", "https://x.org/a"),
        ("\u201chttps://x.org/a\u201d", "https://x.org/a"),
        ("(https://x.org/a)", "https://x.org/a"),
        ("https://x.org/a)", "https://x.org/a"),
        ("https://en.wikipedia.org/wiki/Rust_(programming_language)", None),
        ("https://x.org/a", None),
        ("notes/paper.md", None),
    ],
)
def test_markup_around_a_url(url: str, clean: str | None) -> None:
    found = habits.pasted(url)
    assert (found.url if found else None) == clean


@pytest.mark.parametrize(
    ("url", "clean"),
    [
        ("https://x.org/a?utm_source=t&id=3&UTM_Medium=m", "https://x.org/a?id=3"),
        ("https://x.org/a?gclid=1#top", "https://x.org/a#top"),
        ("https://x.org/a;jsessionid=AB12?x=1", "https://x.org/a?x=1"),
        ("https://m.youtube.com/watch?v=a&si=b", "https://m.youtube.com/watch?v=a"),
        ("https://x.org/search?si=1&feature=2", None),  # meaningful outside YouTube
        ("https://x.org/a?id=3", None),
    ],
)
def test_tracking_and_session_parameters(url: str, clean: str | None) -> None:
    found = habits.tracking_removed(url)
    assert (found.url if found else None) == clean


@pytest.mark.parametrize(
    ("url", "clean"),
    [
        ("https://www.google.de/url?q=https://x.org/a&sa=U", "https://x.org/a"),
        ("https://www.google.com/url?q=&url=https%3A%2F%2Fx.org%2Fa", "https://x.org/a"),
        (
            "https://scholar.google.com/scholar_url?url=https://x.org/a.pdf&hl=en",
            "https://x.org/a.pdf",
        ),
        ("https://l.facebook.com/l.php?u=https%3A%2F%2Fx.org%2Fa&h=AT0", "https://x.org/a"),
        (
            "https://nam12.safelinks.protection.outlook.com/?url=https%3A%2F%2Fx.org",
            "https://x.org",
        ),
        ("https://www.google.com/search?q=https://x.org", None),
        ("https://x.org/go?url=https://y.org", None),  # not a redirect service we know
    ],
)
def test_redirects_are_unwrapped(url: str, clean: str | None) -> None:
    found = habits.unwrapped(url)
    assert (found.url if found else None) == clean


@pytest.mark.parametrize(
    ("habit", "url", "clean"),
    [
        (habits.trailing_punctuation, "https://x.org/a.", "https://x.org/a"),
        (habits.trailing_punctuation, "https://x.org/a\u201d.", "https://x.org/a"),
        (habits.trailing_punctuation, "https://x.org/a", None),
        (habits.https_only, "http://www.github.com/a/b", "https://www.github.com/a/b"),
        (habits.https_only, "http://demo.example.org/a", None),
        (habits.clone_url, "https://github.com/a/b.git", "https://github.com/a/b"),
        (habits.clone_url, "https://github.com/a/b.github.io", None),
    ],
)
def test_punctuation_scheme_and_clone_urls(habit: object, url: str, clean: str | None) -> None:
    assert callable(habit)
    found = habit(url)
    assert (found.url if found else None) == clean
