"""The Content-Security-Policy: on every page, in force in the browser, and breaking nothing."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from lxml import etree

from generator.csp import inline_code, source_hash
from generator.plugin import PapershelfPlugin
from tests.browser.conftest import Watched, wait_until
from tests.conftest import HOSTILE_NAME, build_site
from tests.htmlpage import read_page
from tests.serve import serve

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
        scripts = policy["script-src"].split()
        assert "'unsafe-inline'" not in scripts and "'unsafe-eval'" not in scripts, path
        html = path.read_text(encoding="utf-8")
        code = inline_code(html)
        assert scripts == ["'self'", *sorted({source_hash(s) for s in code.scripts})]
        # The theme's scripts are files (its storage helpers and palette too): no page holds an
        # inline script, so the policy allows the site's own files alone.
        assert scripts == ["'self'"], path
        assert policy["style-src"].split() == ["'self'", *sorted(map(source_hash, code.styles))]


def test_the_policy_comes_first_in_the_head(seed_site: SiteBuild) -> None:
    for path in [seed_site[0] / "index.html", seed_site[0] / "404.html"]:
        html = path.read_text(encoding="utf-8")
        head = etree.fromstring(html, etree.HTMLParser()).find("head")
        assert head[0].tag == "meta", path
        assert head[0].get("http-equiv") == "Content-Security-Policy", path
        # The character set is still declared within the first 1024 bytes, as HTML requires.
        assert html.encode().index(b'<meta charset="utf-8">') < 1024 - 22, path


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


INJECT = """() => {
  const script = document.createElement("script");
  script.textContent = "window.__ran = (window.__ran || 0) + 1";
  document.body.append(script);
  const image = document.createElement("div");
  image.innerHTML = '<img src="data:," onerror="window.__ran = (window.__ran || 0) + 1">';
  document.body.append(image);
  const styled = document.createElement("div");
  styled.innerHTML =
    '<p id="styled" style="display: none">x</p><style>h1 { display: none }</style>';
  document.body.append(styled);
}"""


def test_a_script_added_to_a_page_is_blocked_and_reported(
    seed_site: SiteBuild, watched: Watched, tmp_path: Path
) -> None:
    """An inline script written into a built page's body after the build, one added by a
    script, an event handler attribute, a style attribute and a style element: none applies,
    and each is a reported violation."""
    site_dir = tmp_path / "site"
    shutil.copytree(seed_site[0], site_dir)
    paper = _paths(seed_site)[2]
    page = site_dir / paper / "index.html"
    html = page.read_text(encoding="utf-8")
    page.write_text(
        html.replace("</body>", "<script>window.__ran = 1; alert(1)</script></body>"),
        encoding="utf-8",
    )
    watched.page.add_init_script(RECORD_VIOLATIONS)
    with serve(site_dir) as url:
        watched.page.goto(url + paper)
        watched.page.wait_for_load_state("networkidle")
        # The page's own scripts still ran.
        assert "js" in (watched.page.get_attribute("html", "class") or "").split()
        wait_until(watched.page, "window.__violations.length >= 1")
        watched.page.evaluate(INJECT)
        wait_until(watched.page, "window.__violations.length >= 5")
        assert watched.page.evaluate("window.__ran") is None
        assert watched.page.is_visible("#styled") and watched.page.is_visible("h1")
    directives = [v.split(" ")[0] for v in watched.page.evaluate("window.__violations")]
    # Chromium reports a style attribute set through innerHTML twice: as parsed, as inserted.
    assert sorted(set(directives)) == [
        "script-src-attr",
        "script-src-elem",
        "style-src-attr",
        "style-src-elem",
    ]
    assert directives.count("script-src-elem") == 2
    assert watched.dialogs == []


@pytest.mark.parametrize("path", ["topics/hostile-topic/", "notes/", "papers/", ""])
def test_hostile_configuration_runs_nothing(
    hostile_config_url: str, watched: Watched, path: str
) -> None:
    watched.page.add_init_script(RECORD_VIOLATIONS)
    watched.page.goto(hostile_config_url + path)
    watched.page.wait_for_load_state("networkidle")
    assert HOSTILE_NAME in watched.page.locator(".md-nav").first.inner_text()
    assert watched.page.evaluate("window.__violations") == []
    assert watched.problems == []


WIDE_MATHS = "\n\n".join(
    [
        "Mar 18",
        r"Stretched $\hspace{100000cm}\rule{5000cm}{5000cm}$ Maths in a Title",
        r"This abstract stretches its maths too: $\kern99in x \mkern9999mu y$, then "
        r"$\Bigg( a \qquad b$ and $" + r"\hspace{9cm}" * 7 + r" z$. A page must still fit.",
    ]
)


@pytest.fixture(scope="module")
def wide_maths_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("wide-maths")
    dump = folder / "wide.txt"
    dump.write_text(WIDE_MATHS, encoding="utf-8")
    build_site([dump], folder / "site")
    with serve(folder / "site") as url:
        yield url


@pytest.mark.parametrize("width", [1280, 375])
def test_maths_cannot_stretch_a_page_past_the_window(
    wide_maths_url: str, watched: Watched, width: int
) -> None:
    watched.page.set_viewport_size({"width": width, "height": 800})
    watched.page.goto(wide_maths_url + "papers/")
    watched.page.locator(".ps-letter-index a").first.click()  # a letter's page
    watched.page.locator(".ps-summary__title").first.click()  # its first paper
    watched.page.wait_for_load_state("networkidle")
    assert watched.page.locator("h1 math").count() == 1
    size = watched.page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.scrollHeight]"
    )
    assert size[0] <= width, size
    assert size[1] < 5000, size
    assert watched.problems == []
