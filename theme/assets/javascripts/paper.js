/*
 * Paper pages: the copy buttons for the title and the page's link. Text is copied with the
 * Clipboard API where the page is a secure context, and otherwise through a hidden text area;
 * feedback is written with textContent only.
 */

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
