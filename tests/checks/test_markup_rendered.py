"""What the markup check accepts renders as a paper and nothing more (issue 14, finding 5).

Each case is a construct that passed the pattern rules and still rendered: a scheme
spelled with entities or escapes, block syntax in a note that starts with spaces (a
heading, a setext underline, a fence, a table, a reference definition), an ``<img src>``
that loads from another host, a label whose last backslash undid its link. The rendered
page is read back with markdown-it, keeping every link (its own filter would hide a
``javascript:`` one), which is what shows the harm.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from markdown_it import MarkdownIt
from markdown_it.token import Token
from pydantic import ValidationError

from bot.checks import markup
from bot.checks.context import Context
from bot.model.corpus import Corpus, Located
from bot.model.diagnostics import Severity
from bot.model.entries import Category, Paper, Venue
from bot.model.positions import Positions
from bot.pages.venue_page import render_venue

BASE: dict[str, Any] = {"title": "A Fine Paper", "category": ["Compilers"]}
VENUE = Venue(name="Demo", areas=[Category(name="Compilers")])


class _KeepsEveryLink(MarkdownIt):
    def validateLink(self, url: str) -> bool:
        return True


MD = _KeepsEveryLink("commonmark").enable(["table", "strikethrough"])


def _errors(**fields: Any) -> list[str]:
    paper = Paper.model_validate({**BASE, **fields})
    one = Located("entries/demo/p.yaml", paper, Positions())
    found = markup.check(Context(Corpus(Path("/nonexistent")), selected=[one]))
    return [d.message for d in found if d.severity is Severity.ERROR]


def _tokens(page: str) -> list[Token]:
    out: list[Token] = []
    pending = MD.parse(page)
    while pending:
        token = pending.pop(0)
        out.append(token)
        pending[:0] = token.children or []
    return out


def _page(**fields: Any) -> str:
    paper = Paper.model_validate({**BASE, **fields})
    return render_venue(VENUE, [Located("entries/demo/p.yaml", paper, Positions())], {})


ENCODED = ["&#106;avascript:alert(1)", "javascript&colon;alert(1)", "&#x4A;AVASCRIPT:alert(1)",
           "javascript\\:alert(1)", "data&colon;text/html,x"]  # fmt: skip


@pytest.mark.parametrize("url", ENCODED)
@pytest.mark.parametrize("field", ["url", "title_url"])
def test_a_scheme_spelled_with_entities_or_escapes_is_refused_in_url_fields(
    url: str, field: str
) -> None:
    fields = {"links": [{"kind": "Paper", "url": url}]} if field == "url" else {"title_url": url}
    # Rendered unchecked (the model refuses it now), the link would act.
    unchecked = Paper.model_validate(BASE).model_copy(update={"title_url": url})
    page = render_venue(VENUE, [Located("entries/demo/p.yaml", unchecked, Positions())], {})
    hrefs = [str(t.attrs["href"]) for t in _tokens(page) if t.type == "link_open"]
    assert hrefs[0].split(":")[0].lower() in ("javascript", "data"), hrefs

    with pytest.raises(ValidationError, match="is not allowed, only http, https links"):
        Paper.model_validate({**BASE, **fields})


@pytest.mark.parametrize("url", ["notes.md", "otter\\_slides.pdf", "https://a.org/?a=1&amp;b=2",
                                 "https://a.org/?a=1&b=2", "#section"])  # fmt: skip
def test_urls_with_escapes_and_entities_that_stay_safe_are_kept(url: str) -> None:
    assert Paper.model_validate({**BASE, "title_url": url}).title_url == url


@pytest.mark.parametrize("target", ENCODED)
def test_a_scheme_spelled_with_entities_in_a_note_link_is_an_error(target: str) -> None:
    assert [m for m in _errors(notes=[f"See [the demo]({target})"]) if m.startswith("note 1:")]


# A note that starts with spaces is a deeper line kept as written: on main it skipped
# every block rule. (notes, the note the error names, what the parser makes of it)
BLOCKS = [
    (["", "   [px]: https://evil.example/pixel.png", "![pixel][px]"], "note 2", "reference"),
    (["", "   [^1]: https://evil.example"], "note 2", "reference"),
    (["   # X"], "note 1", "heading_open"),
    (["Fast", "   ==="], "note 2", "heading_open"),
    (["Fast", "   ---"], "note 2", "heading_open"),
    (["   ```", "x"], "note 1", "fence"),
    (["   > quoted"], "note 1", "blockquote_open"),
    (["a | b", "   --- | ---"], "note 1", "table_open"),
    (["   <div>", "x"], "note 1", "html_block"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("notes", "named", "made"), BLOCKS, ids=[b[2] + str(i) for i, b in enumerate(BLOCKS)]
)
def test_block_syntax_in_a_note_starting_with_spaces_is_an_error(
    notes: list[str], named: str, made: str
) -> None:
    env: dict[str, Any] = {}
    tokens = MD.parse(_page(notes=notes), env)
    assert env.get("references") if made == "reference" else made in [t.type for t in tokens]

    errors = _errors(notes=notes)
    assert [m for m in errors if m.startswith(f"{named}:")], errors


ELSEWHERE = [" //evil.example/p.png", "&#47;/evil.example/p.png", "/\\evil.example/p.png",
             "&#x2F;&#x2F;evil.example/p.png", "\\\\evil.example/p.png",
             "HTTPS&colon;//evil.example/p.png"]  # fmt: skip


@pytest.mark.parametrize("src", ELSEWHERE)
def test_an_img_src_that_loads_from_another_host_is_an_error(src: str) -> None:
    assert [m for m in _errors(notes=[f'see <img src="{src}">']) if "raw HTML" in m]


def test_an_img_src_of_a_repository_file_stays_allowed() -> None:
    assert _errors(notes=['see <img src="../assets/layers.png" alt="">']) == []


@pytest.mark.parametrize(("fields", "text"), [
    ({"links": [{"kind": "Code\\", "url": "https://a.org/code"}]}, "Code\\"),
    ({"title": "Fast\\", "title_url": "https://a.org/code"}, "Fast\\"),
    ({"links": [{"kind": "C\\\\\\", "url": "https://a.org/code"}]}, "C\\\\"),
])  # fmt: skip
def test_a_label_ending_in_a_backslash_passes_and_renders_as_its_link(
    fields: dict[str, Any], text: str
) -> None:
    assert _errors(**fields) == []
    tokens = _tokens(_page(**fields))
    links = [i for i, t in enumerate(tokens) if t.type == "link_open"]
    assert [tokens[i].attrs["href"] for i in links] == ["https://a.org/code"]
    assert tokens[links[0] + 1].content.startswith(text[:-1])


@pytest.mark.parametrize("url", ["[a](", "x](y", "a[b]("])
def test_a_url_that_does_not_render_as_its_link_is_an_error(url: str) -> None:
    # Found by bench/fuzz.py's markup target: the page showed '\[[Paper]([a]()]' as text.
    fields = {"links": [{"kind": "Paper", "url": url}]}
    hrefs = [t.attrs["href"] for t in _tokens(_page(**fields)) if t.type == "link_open"]
    assert url not in hrefs

    assert [m for m in _errors(**fields) if m.startswith("the URL of link 1:")]
