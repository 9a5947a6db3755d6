/*
 * The 404 page: a paper's address from before paper pages moved into folders, papers/<slug>/
 * (or papers/<slug>/index.html),
 * is sent on to papers/<first two characters of slug>/<slug>/ (generator/urls.py), its query
 * and fragment kept. The folder is computed from the address alone, and the site's root is
 * read from the address too, so the rule holds under any sub-path. A plain link to the new
 * address is left on the page, for a browser that stays.
 */

const OLD_PAPER_ADDRESS = /^(.*\/)papers\/([a-z0-9-]+)(?:\/(?:index\.html)?)?$/;

const moved = OLD_PAPER_ADDRESS.exec(window.location.pathname);
const notice = document.querySelector(".ps-moved");
if (moved && notice) {
  const [, root, slug] = moved;
  const { search, hash } = window.location;
  const target = new URL(
    `${root}papers/${slug.slice(0, 2)}/${slug}/${search}${hash}`,
    window.location.href,
  );
  const link = notice.querySelector("a");
  link.href = target.href;
  link.textContent = target.pathname;
  notice.hidden = false;
  window.location.replace(target.href);
}
