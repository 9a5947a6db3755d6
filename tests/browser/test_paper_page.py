"""A paper page in a real browser: no console errors, the copy buttons, and the n/p keys."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.browser.conftest import Watched
from tests.conftest import build_site
from tests.serve import serve

pytestmark = pytest.mark.slow

DUMP = """Mar 18

Alpha Speech Recognition

Alpha transcribes speech with a small model. It is fast and accurate on noisy audio. \
Its code is at https://github.com/alpha/asr.

Beta Speech Synthesis

Beta synthesises speech in many voices. It learns prosody from few examples and runs on a phone.

Gamma Voice Conversion

Gamma converts one speaker's voice into another's. It keeps the words and changes the timbre.
"""
DARWIN = "papers/da/darwinlm-evolutionary-structured-pruning-of-large-language-models/"


@pytest.fixture(scope="module")
def filed_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A small site whose three papers the taxonomy files under one topic, Speech & Audio."""
    root = tmp_path_factory.mktemp("filed")
    dump = root / "speech.txt"
    dump.write_text(DUMP, encoding="utf-8")
    build_site([dump], root / "site")
    with serve(root / "site") as url:
        yield url


def test_seed_paper_page_loads_and_copies_its_title_and_link(
    seed_url: str, watched: Watched
) -> None:
    page = watched.page
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    url = seed_url + DARWIN
    response = page.goto(url)
    assert response is not None and response.status == 200
    page.wait_for_load_state("networkidle")
    title = page.locator("h1").inner_text()
    page.get_by_role("button", name="Copy title").click()
    page.wait_for_function("() => document.querySelector('.ps-copy').textContent === 'Copied'")
    assert page.evaluate("navigator.clipboard.readText()") == title
    page.get_by_role("button", name="Copy link").click()
    assert page.evaluate("navigator.clipboard.readText()") == url
    assert watched.problems == []


def test_copy_falls_back_without_the_clipboard_api(seed_url: str, watched: Watched) -> None:
    page = watched.page
    page.add_init_script("Object.defineProperty(navigator, 'clipboard', {value: undefined})")
    page.goto(
        seed_url + "papers/da/darwinlm-evolutionary-structured-pruning-of-large-language-models/"
    )
    page.get_by_role("button", name="Copy title").click()
    label = page.locator(".ps-copy").first
    assert label.inner_text() in {"Copied", "Press Ctrl+C to copy"}
    assert watched.problems == []


def test_n_and_p_walk_the_primary_topic(filed_url: str, watched: Watched) -> None:
    page = watched.page
    page.goto(filed_url + "a-z/a/")
    first = page.locator("article a[href*='alpha']").first
    first.click()
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text() == "Alpha Speech Recognition"
    assert page.locator("a[rel=prev]").count() == 0
    page.keyboard.press("n")
    page.wait_for_url("**/beta-speech-synthesis/")
    assert page.locator("h1").inner_text() == "Beta Speech Synthesis"
    page.keyboard.press("n")
    page.wait_for_url("**/gamma-voice-conversion/")
    page.keyboard.press("p")
    page.wait_for_url("**/beta-speech-synthesis/")
    assert [a.inner_text() for a in page.locator(".ps-topic-links a").all()] == ["Speech & Audio"]
    assert watched.problems == []


def test_keys_do_nothing_while_typing_in_a_field(filed_url: str, watched: Watched) -> None:
    page = watched.page
    page.goto(filed_url + "papers/al/alpha-speech-recognition/")
    page.wait_for_load_state("networkidle")
    # Any text field will do (the site's search field, a reader's extension): add one.
    page.evaluate(
        "() => { const f = document.createElement('input'); f.id = 'field';"
        " document.querySelector('article').append(f); }"
    )
    page.locator("#field").focus()
    # A key handler that navigates starts leaving the page while the key is dispatched.
    page.evaluate("addEventListener('beforeunload', () => (window.__leaving = true))")
    page.keyboard.type("pn")
    assert page.evaluate("window.__leaving") is None
    assert page.url.endswith("/alpha-speech-recognition/")
    assert page.locator("#field").input_value() == "pn"
    page.locator("#field").blur()
    page.keyboard.press("n")
    page.wait_for_url("**/beta-speech-synthesis/")


def test_outbound_buttons_open_safely(filed_url: str, watched: Watched) -> None:
    page = watched.page
    page.goto(filed_url + "papers/al/alpha-speech-recognition/")
    code = page.get_by_role("link", name="Code github.com")
    assert code.get_attribute("href") == "https://github.com/alpha/asr"
    assert "noopener" in (code.get_attribute("rel") or "")


def test_dark_palette_toggle_switches_scheme(seed_url: str, watched: Watched) -> None:
    page = watched.page
    page.goto(
        seed_url + "papers/da/darwinlm-evolutionary-structured-pruning-of-large-language-models/"
    )
    before = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
    page.locator("form[data-md-component=palette] label:visible").first.click()
    after = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
    assert {before, after} == {"default", "slate"}
    assert watched.problems == []


def test_the_script_adds_the_look_ups_and_copy_buttons_the_page_leaves_out(
    filed_url: str, watched: Watched
) -> None:
    page = watched.page
    page.goto(filed_url + "papers/al/alpha-speech-recognition/")
    page.wait_for_load_state("networkidle")
    links = page.locator(".ps-lookups a")
    names = [link.inner_text() for link in links.all()]
    assert names == ["arXiv", "Semantic Scholar", "Google Scholar", "Hugging Face Papers"]
    hrefs = [link.get_attribute("href") for link in links.all()]
    assert hrefs == [
        "https://arxiv.org/search/?query=Alpha+Speech+Recognition&searchtype=title",
        "https://www.semanticscholar.org/search?q=Alpha+Speech+Recognition",
        "https://scholar.google.com/scholar?q=%22Alpha+Speech+Recognition%22",
        "https://huggingface.co/papers?q=Alpha+Speech+Recognition",
    ]
    assert all(link.get_attribute("rel") == "noopener" for link in links.all())
    buttons = [button.inner_text() for button in page.locator(".ps-copy").all()]
    assert buttons == ["Copy title", "Copy link"]  # the dump gives no BibTeX entry
    # The pager's next link is copied into the head, where Material's n key looks for it.
    head_next = page.locator("head link[rel=next]").get_attribute("href")
    assert head_next == page.locator(".ps-pager a[rel=next]").evaluate("a => a.href")
    assert watched.problems == []


def test_without_scripts_the_page_keeps_one_look_up_and_no_dead_buttons(
    filed_url: str, browser: object
) -> None:
    context = browser.new_context(java_script_enabled=False)  # type: ignore[attr-defined]
    page = context.new_page()
    page.goto(filed_url + "papers/al/alpha-speech-recognition/")
    assert [link.inner_text() for link in page.locator(".ps-lookups a").all()] == ["Google Scholar"]
    assert page.locator("button").count() == 0
    context.close()
