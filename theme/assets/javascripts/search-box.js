/*
 * The header's search overlay, built from the plain form every page holds
 * (theme/papershelf/search-box.html): the page carries only what works without scripts, and
 * this adds what only the script uses — the combobox's attributes, the clear button and the
 * results panel — in the theme's markup and classes, so it looks and behaves as the theme's own.
 */

const COMBOBOX = {
  autocapitalize: "off",
  autocorrect: "off",
  autocomplete: "off",
  spellcheck: "false",
  role: "combobox",
  "aria-expanded": "false",
  "aria-autocomplete": "list",
  "aria-controls": "ps-search-results",
  "aria-keyshortcuts": "/",
};

function node(tag, attributes = {}, children = []) {
  const made = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) made.setAttribute(name, value);
  made.append(...children);
  return made;
}

// An icon of the site's sprite, at the address the page's own icons use.
function icon(sprite, name) {
  const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  const use = document.createElementNS("http://www.w3.org/2000/svg", "use");
  use.setAttribute("href", `${sprite}#${name}`);
  svg.append(use);
  return svg;
}

export function completeHeaderBox(box) {
  if (box.querySelector(".md-search__output")) return;
  const form = box.querySelector("form");
  const input = form.querySelector(".md-search__input");
  for (const [name, value] of Object.entries(COMBOBOX)) input.setAttribute(name, value);
  const sprite = (box.querySelector("use")?.getAttribute("href") || "").split("#")[0];
  const clear = node(
    "button",
    { type: "reset", class: "md-search__icon md-icon", title: "Clear", "aria-label": "Clear" },
    [icon(sprite, "close")],
  );
  clear.tabIndex = -1;
  form.append(node("nav", { class: "md-search__options", "aria-label": "Search" }, [clear]));
  const meta = node("div", { class: "md-search-result__meta", "aria-live": "polite" }, [
    "Type to search titles, names, abstracts and topics",
  ]);
  const list = node("ol", {
    class: "md-search-result__list",
    id: "ps-search-results",
    role: "listbox",
    "aria-label": "Search results",
  });
  const all = node("a", { class: "ps-search__all", href: form.getAttribute("action") }, [
    "All results, with filters",
  ]);
  all.hidden = true;
  const result = node("div", { class: "md-search-result" }, [meta, list, all]);
  const panel = node(
    "div",
    {
      class: "md-search__scrollwrap",
      tabindex: "0",
      role: "region",
      "aria-label": "Search results panel",
    },
    [result],
  );
  box
    .querySelector(".md-search__inner")
    .append(node("div", { class: "md-search__output" }, [panel]));
}
