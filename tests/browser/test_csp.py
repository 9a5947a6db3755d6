"""The Content-Security-Policy: on every page, in force in the browser, and breaking nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.plugin import PapershelfPlugin
from tests.browser.conftest import Watched, wait_until
from tests.htmlpage import read_page

pytestmark = pytest.mark.slow

SiteBuild = tuple[Path, PapershelfPlugin]

RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(event.effectiveDirective + " " + event.blockedURI);
});
"""


def _policy(path: Path) -> dict[str, str]:
    metas = [
        attrs.get("content") or ""
        for tag, attrs in read_page(path).tags
        if tag == "meta" and (attrs.get("http-equiv") or "").lower() == "content-security-policy"
    ]
    assert len(metas) == 1, path
    directives = (part.split(None, 1) for part in metas[0].split(";") if part.strip())
    return {name: value for name, value in directives}


def test_every_page_carries_the_policy(seed_site: SiteBuild) -> None:
    pages = sorted(seed_site[0].rglob("*.html"))
    assert len(pages) > 310
    for path in pages:
        policy = _policy(path)
        assert policy["object-src"] == "'none'"
        assert policy["base-uri"] == "'self'"
        assert policy["default-src"] == "'self'"


def _paths(build: SiteBuild) -> list[str]:
    catalogue = build[1].catalogue
    assert catalogue is not None
    return ["", "papers/", *(paper.url for paper in catalogue.papers[:5])]


@pytest.mark.parametrize("site", ["seed", "hostile"])
def test_pages_work_under_the_policy(
    request: pytest.FixtureRequest, watched: Watched, site: str
) -> None:
    url: str = request.getfixturevalue(f"{site}_url")
    build: SiteBuild = request.getfixturevalue(f"{site}_site")
    watched.page.add_init_script(RECORD_VIOLATIONS)
    for path in _paths(build):
        response = watched.page.goto(url + path)
        assert response is not None and response.status == 200
        watched.page.wait_for_load_state("networkidle")
        # The theme's script ran: it marks the page as scripted.
        assert "js" in (watched.page.get_attribute("html", "class") or "").split()
        assert watched.page.evaluate("window.__violations") == [], path
    assert watched.problems == []


def test_the_policy_is_in_force(seed_url: str, watched: Watched) -> None:
    """A plugin object, a <base> element and an image from elsewhere are all refused."""
    watched.page.add_init_script(RECORD_VIOLATIONS)
    watched.page.goto(seed_url)
    watched.page.wait_for_load_state("networkidle")
    watched.page.evaluate(
        """() => {
          const object = document.createElement("object");
          object.data = "papers.json";
          const base = document.createElement("base");
          base.href = "https://example.invalid/";
          const image = document.createElement("img");
          image.src = "https://example.invalid/pixel.png";
          document.body.append(object, image);
          document.head.append(base);
        }"""
    )
    wait_until(watched.page, "window.__violations.length >= 3")
    directives = sorted(v.split(" ")[0] for v in watched.page.evaluate("window.__violations"))
    assert directives == ["base-uri", "img-src", "object-src"]
