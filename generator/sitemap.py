"""The sitemap, as an index of gzipped parts when it is large.

MkDocs writes `sitemap.xml` (and `sitemap.xml.gz`) from its theme's template, and the plugin adds
the paper pages to the template's pages (`generator.render.sitemap_entries`). A sitemap lists at
most 50,000 URLs (sitemaps.org): a catalogue of 100,000 papers has some 105,000 pages, and even
within the limit a sitemap of many pages is megabytes of repeated markup. Once the site is
written, a sitemap of more than `MAX_URLS` URLs, or of more than `INDEX_BYTES`, is cut, in its
own order, into `sitemap-001.xml.gz`, `sitemap-002.xml.gz`, ... of at most `MAX_URLS` URLs each,
compressed with gzip (which the sitemap protocol allows, and a tenth of the bytes), and
`sitemap.xml` becomes the index that lists them, where crawlers already look for it
(`sitemap.xml.gz` is the index too). A small sitemap is left as MkDocs wrote it. The parts'
compression is deterministic: a fixed level, no file name, no time.
"""

from __future__ import annotations

import gzip
import zlib
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

from mkdocs.utils import get_build_timestamp

from generator.compressed import gzip_bytes
from generator.errors import SitemapError

SITEMAP = "sitemap.xml"
NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"
MAX_URLS = 50_000
"""The most URLs one sitemap may list (sitemaps.org)."""
INDEX_BYTES = 1_000_000
"""A sitemap larger than this (some 6,000 pages) becomes an index of gzipped parts."""

_NS = f"{{{NAMESPACE}}}"


def part_name(number: int) -> str:
    """The file of the `number`th part (from 1) of a split sitemap."""
    return f"sitemap-{number:03d}.xml.gz"


@dataclass(frozen=True, slots=True)
class Sitemap:
    """What a site's sitemap lists: each file read (the index, then its parts) with the URLs
    it lists, and the parts that an index lists (empty for a single sitemap)."""

    files: tuple[tuple[str, tuple[str, ...]], ...]
    parts: tuple[str, ...] = ()

    @property
    def urls(self) -> tuple[str, ...]:
        """Every page URL listed, in order."""
        return tuple(url for _, urls in self.files for url in urls)


def split_sitemap(
    site_dir: Path, site_url: str | None, limit: int | None = None, max_bytes: int | None = None
) -> list[str]:
    """Cut `site_dir`'s sitemap into gzipped parts under an index if it lists more than `limit`
    URLs (by default `MAX_URLS`) or is larger than `max_bytes` (by default `INDEX_BYTES`); the
    files written, none for a sitemap left as it is."""
    limit = limit or MAX_URLS
    max_bytes = max_bytes or INDEX_BYTES
    path = site_dir / SITEMAP
    if not path.is_file():
        return []
    size = path.stat().st_size
    root = ElementTree.parse(path).getroot()
    entries = root.findall(f"{_NS}url")
    if root.tag != f"{_NS}urlset" or (len(entries) <= limit and size <= max_bytes):
        return []
    ElementTree.register_namespace("", NAMESPACE)
    prefix = site_url.rstrip("/") + "/" if site_url else ""
    index = ElementTree.Element(f"{_NS}sitemapindex")
    written = []
    for number, start in enumerate(range(0, len(entries), limit), start=1):
        part = ElementTree.Element(f"{_NS}urlset")
        part.extend(entries[start : start + limit])
        name = part_name(number)
        (site_dir / name).write_bytes(gzip_bytes(_xml(part, indent=False)))
        written.append(name)
        listed = ElementTree.SubElement(index, f"{_NS}sitemap")
        ElementTree.SubElement(listed, f"{_NS}loc").text = prefix + name
        dates = [date.text or "" for date in part.iter(f"{_NS}lastmod")]
        if dates:
            ElementTree.SubElement(listed, f"{_NS}lastmod").text = max(dates)
    data = _xml(index, indent=True)
    path.write_bytes(data)
    # MkDocs' copy, gzipped as MkDocs does it (dated by the build), now of the index.
    gz_path = site_dir / f"{SITEMAP}.gz"
    with (
        gz_path.open("wb") as file,
        gzip.GzipFile(
            fileobj=file, filename=gz_path.name, mode="wb", mtime=get_build_timestamp()
        ) as gz,
    ):
        gz.write(data)
    return [*written, SITEMAP, f"{SITEMAP}.gz"]


def _xml(element: ElementTree.Element, *, indent: bool) -> bytes:
    """The document of `element`; an index is indented for a person to read, a part is not
    (its whitespace would be a tenth of it)."""
    if indent:
        ElementTree.indent(element)
    else:
        for child in element.iter():
            if child.tail is not None:
                child.tail = None
            if len(child) and child.text is not None and not child.text.strip():
                child.text = None
    data: bytes = ElementTree.tostring(element, encoding="utf-8", xml_declaration=True)
    return data + b"\n"


def read_sitemap(site_dir: Path, site_url: str | None) -> Sitemap:
    """The sitemap of `site_dir`, following an index to its parts (each `<loc>` under
    `site_url`, a file of the site, gzipped if its name ends in `.gz`). Raises `SitemapError`
    naming a file that cannot be read."""
    root = _parse(site_dir, SITEMAP)
    if root.tag != f"{_NS}sitemapindex":
        return Sitemap(((SITEMAP, _locs(root, "url")),))
    prefix = site_url.rstrip("/") + "/" if site_url else ""
    parts = _locs(root, "sitemap")
    files: list[tuple[str, tuple[str, ...]]] = [(SITEMAP, ())]
    for loc in parts:
        name = loc[len(prefix) :] if loc.startswith(prefix) else loc
        files.append((name, _locs(_parse(site_dir, name), "url")))
    return Sitemap(tuple(files), parts)


def _parse(site_dir: Path, name: str) -> ElementTree.Element:
    try:
        data = (site_dir / name).read_bytes()
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        raise SitemapError(name, "missing") from None
    if name.endswith(".gz"):
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError, zlib.error) as error:
            raise SitemapError(name, f"not gzip: {error}") from None
    try:
        return ElementTree.fromstring(data)
    except ElementTree.ParseError as error:
        raise SitemapError(name, f"not XML: {error}") from None


def _locs(root: ElementTree.Element, kind: str) -> tuple[str, ...]:
    """The `<loc>`s of the `<url>`s (or an index's `<sitemap>`s) of `root`."""
    return tuple((loc.text or "").strip() for loc in root.findall(f"{_NS}{kind}/{_NS}loc"))
