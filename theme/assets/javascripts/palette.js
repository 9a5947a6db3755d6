/*
 * The colour palette the reader chose, restored before the page is painted (Material for MkDocs
 * writes this script inline after its palette toggle on every page). It runs where it is
 * loaded, right after the header's palette form.
 */
{
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
