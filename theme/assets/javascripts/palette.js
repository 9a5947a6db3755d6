/*
 * The header's colour palette (Material for MkDocs writes its markup and this script inline on
 * every page). It runs where it is loaded, right after the header's palette form, before the
 * page is painted: it builds the form's radio inputs and toggles from the options the form
 * lists (`data-ps-palette`), in the theme's markup, which its script then drives; and it
 * restores the palette the reader chose.
 */
{
  const form = document.currentScript.previousElementSibling;
  const sprite = new URL("../images/icons.svg", document.currentScript.src).href;
  // Each option is a list: media, scheme, primary, accent, toggle name, toggle icon.
  const keys = ["media", "scheme", "primary", "accent", "name", "icon"];
  const options = JSON.parse(form.getAttribute("data-ps-palette") || "[]").map((values) =>
    Object.fromEntries(keys.map((key, index) => [key, values[index] ?? null])),
  );
  options.forEach((option, index) => {
    const input = document.createElement("input");
    input.className = "md-option";
    for (const key of ["media", "scheme", "primary", "accent"]) {
      if (option[key] !== null) input.setAttribute(`data-md-color-${key}`, option[key]);
    }
    if (option.name !== null) input.setAttribute("aria-label", option.name);
    else input.setAttribute("aria-hidden", "true");
    input.type = "radio";
    input.name = "__palette";
    input.id = `__palette_${index}`;
    form.append(input);
    if (option.name === null) return;
    const label = document.createElement("label");
    label.className = "md-header__button md-icon";
    label.title = option.name;
    label.htmlFor = `__palette_${(index + 1) % options.length}`;
    label.hidden = true;
    const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
    const use = document.createElementNS("http://www.w3.org/2000/svg", "use");
    use.setAttribute("href", `${sprite}#${option.icon}`);
    svg.append(use);
    label.append(svg);
    form.append(label);
  });

  const palette = window.__md_get("__palette");
  if (palette && palette.color) {
    if (palette.color.media === "(prefers-color-scheme)") {
      const light = matchMedia("(prefers-color-scheme: light)").matches;
      const input = document.querySelector(
        `[data-md-color-media='(prefers-color-scheme: ${light ? "light" : "dark"})']`,
      );
      for (const key of ["media", "scheme", "primary", "accent"]) {
        palette.color[key] = input.getAttribute(`data-md-color-${key}`);
      }
    }
    for (const [key, value] of Object.entries(palette.color)) {
      document.body.setAttribute(`data-md-color-${key}`, value);
    }
  }
}
