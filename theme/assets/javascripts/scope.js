/*
 * The theme's storage helpers, which its script calls (Material for MkDocs writes them inline
 * in every page's head). The site's root is found from this file's own address,
 * assets/javascripts/, so that one file, cached once, serves every page under any sub-path.
 */
window.__md_scope = new URL("../..", document.currentScript.src);
window.__md_hash = (text) => [...text].reduce((hash, c) => (hash << 5) - hash + c.charCodeAt(0), 0);
window.__md_get = (key, storage = localStorage, scope = window.__md_scope) =>
  JSON.parse(storage.getItem(`${scope.pathname}.${key}`));
window.__md_set = (key, value, storage = localStorage, scope = window.__md_scope) => {
  try {
    storage.setItem(`${scope.pathname}.${key}`, JSON.stringify(value));
  } catch {
    // Storage refused (a private window, a full quota): the choice lasts for this page only.
  }
};
