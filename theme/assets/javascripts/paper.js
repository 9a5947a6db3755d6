/*
 * Paper pages: what only a script can do, built by the script so that the page carries none of
 * it: the copy buttons for the title, the page's link and the BibTeX entry; the look-ups on
 * other sites beside the one the page links; the rel=prev and rel=next links that Material
 * follows on the p and n keys, copied from the pager. Text is copied with the Clipboard API
 * where the page is a secure context, and otherwise through a hidden text area; every text is
 * set with textContent or as an attribute's value, never parsed as markup.
 */

function node(tag, attributes, text) {
  const made = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) made.setAttribute(name, value);
  if (text) made.textContent = text;
  return made;
}

function copyButton(label, attributes) {
  return node("button", { type: "button", class: "ps-copy md-button", ...attributes }, label);
}

// The title as plain text, written once in the head for link previews.
const title = document.querySelector('meta[property="og:title"]');
const heading = document.querySelector(".ps-paper h1");
if (title && heading) {
  const row = node("p", { class: "ps-copy-row" });
  row.append(
    copyButton("Copy title", { "data-ps-copy": title.content }),
    copyButton("Copy link", { "data-ps-copy-url": "" }),
  );
  const byline = heading.parentElement.querySelector(".ps-byline");
  (byline || heading).after(row);
}

// The BibTeX button copies the entry the page shows, rather than a second copy of it.
const entry = document.getElementById("ps-bibtex-entry");
if (entry) {
  const pre = entry.closest("pre");
  let row = pre.nextElementSibling;
  if (!row || !row.classList.contains("ps-copy-row")) {
    row = node("p", { class: "ps-copy-row" });
    pre.after(row);
  }
  row.prepend(copyButton("Copy BibTeX", { "data-ps-copy-from": entry.id }));
}

// The look-ups: the page links a search of Google Scholar for the quoted title; the same title
// searches arXiv and Semantic Scholar before it and Hugging Face Papers after it.
const scholar = document.querySelector(".ps-lookups a");
if (scholar) {
  const query = new URL(scholar.href).searchParams.get("q") || "";
  const exact = query.replace(/^"(.*)"$/s, "$1");
  const search = (name, address, params) => {
    const item = node("li", {});
    const url = `${address}?${new URLSearchParams(params)}`;
    item.append(node("a", { href: url, rel: "noopener" }, name));
    return item;
  };
  const item = scholar.closest("li");
  item.before(
    search("arXiv", "https://arxiv.org/search/", { query: exact, searchtype: "title" }),
    search("Semantic Scholar", "https://www.semanticscholar.org/search", { q: exact }),
  );
  item.after(search("Hugging Face Papers", "https://huggingface.co/papers", { q: exact }));
}

// Material's p and n keys follow the head's rel=prev and rel=next links.
for (const link of document.querySelectorAll(".ps-pager a[rel]")) {
  document.head.append(node("link", { rel: link.rel, href: link.href }));
}

function copyWithSelection(text) {
  const area = document.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.style.position = "fixed";
  area.style.opacity = "0";
  document.body.appendChild(area);
  area.select();
  let copied;
  try {
    copied = document.execCommand("copy");
  } catch {
    copied = false;
  }
  area.remove();
  return copied ? Promise.resolve() : Promise.reject(new Error("copy refused"));
}

function copy(text) {
  if (navigator.clipboard && window.isSecureContext) {
    return navigator.clipboard.writeText(text).catch(() => copyWithSelection(text));
  }
  return copyWithSelection(text);
}

function pageLink() {
  // The canonical link when the page is served where the site says it lives; otherwise
  // (a local preview, or a build whose site_url is the default) the address being read.
  const canonical = document.querySelector('link[rel="canonical"]');
  if (canonical && canonical.href && new URL(canonical.href).origin === window.location.origin) {
    return canonical.href;
  }
  const url = new URL(window.location.href);
  url.hash = "";
  return url.href;
}

function announce(button, message) {
  const label = button.dataset.psLabel || button.textContent;
  button.dataset.psLabel = label;
  button.textContent = message;
  window.setTimeout(() => {
    button.textContent = label;
  }, 2000);
}

document.addEventListener("click", (event) => {
  const button = event.target instanceof Element ? event.target.closest(".ps-copy") : null;
  if (!button) {
    return;
  }
  // The BibTeX button copies the entry the page shows, rather than a second copy of it.
  const source = button.dataset.psCopyFrom && document.getElementById(button.dataset.psCopyFrom);
  const text = button.hasAttribute("data-ps-copy-url")
    ? pageLink()
    : source
      ? source.textContent
      : button.dataset.psCopy;
  if (!text) {
    return;
  }
  copy(text).then(
    () => announce(button, "Copied"),
    () => announce(button, "Press Ctrl+C to copy"),
  );
});

// A long author list: the names behind "and N more" are written once, in the page's citation
// tag, and shown from there when the reader opens the list (no request is made).
for (const more of document.querySelectorAll("details.ps-more-authors[data-ps-from]")) {
  more.addEventListener(
    "toggle",
    () => {
      const meta = document.querySelector('meta[name="citation_authors"]');
      const target = more.querySelector(".ps-more-authors__names");
      if (!meta || !target) {
        return;
      }
      const names = meta.content.split("; ").slice(Number(more.dataset.psFrom));
      // The tag holds about a thousand names at most; the whole BibTeX entry holds the rest.
      const left = Number(more.dataset.psMore) - names.length;
      const rest = left > 0 ? `, and ${left} more in the whole BibTeX entry` : "";
      target.textContent = names.join(", ") + rest;
    },
    { once: true },
  );
}
