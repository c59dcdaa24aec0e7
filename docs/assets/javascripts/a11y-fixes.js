// Accessibility fixes for markup that comes from mkdocs-material's templates and scripts.
//
// - The search overlay is a role="dialog" without an accessible name (axe: aria-dialog-name).
// - Each code block's toolbar (the copy button) is an unnamed <nav>; two on a page are two
//   identical landmarks (axe: landmark-unique).
// Naming them here keeps us on Material's own templates instead of forked copies that
// would drift from upstream. Material adds code toolbars after load, so we watch the DOM.
const FIXES = [
  ['.md-search[role="dialog"]:not([aria-label])', (el) => el.setAttribute("aria-label", "Search this site")],
  [".md-code__nav:not([aria-label])", (el) => {
    const index = [...document.querySelectorAll(".md-code__nav")].indexOf(el) + 1;
    el.setAttribute("aria-label", `Code block ${index} tools`);
  }],
];

const apply = () => {
  for (const [selector, fix] of FIXES) document.querySelectorAll(selector).forEach(fix);
};

apply();
new MutationObserver(apply).observe(document.body, { childList: true, subtree: true });
