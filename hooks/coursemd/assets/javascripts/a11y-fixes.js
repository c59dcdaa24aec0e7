// Accessibility fixes for markup that comes from mkdocs-material's templates and scripts,
// and for wide display math.
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

// A display formula wider than a phone scrolls sideways (course.css); keyboard users can
// scroll it only if it can take focus (axe: scrollable-region-focusable). Only the ones
// that actually overflow become tab stops. That changes with the window's width and when
// KaTeX's fonts arrive (a formula set in a fallback font is narrower), so a ResizeObserver
// watches each formula and its box, and checks again on the next frame.
const focusableWhenScrolling = () => {
  for (const math of document.querySelectorAll(".katex-display")) {
    if (math.scrollWidth > math.clientWidth + 1) math.setAttribute("tabindex", "0");
    else math.removeAttribute("tabindex");
  }
};

apply();
focusableWhenScrolling();
new MutationObserver(apply).observe(document.body, { childList: true, subtree: true });
let frame = 0;
const recheck = () => {
  cancelAnimationFrame(frame);
  frame = requestAnimationFrame(focusableWhenScrolling);
};
const sizes = typeof ResizeObserver === "function" ? new ResizeObserver(recheck) : null;
const watchDisplays = () => {
  if (!sizes) return;
  for (const math of document.querySelectorAll(".katex-display:not([data-watched])")) {
    math.setAttribute("data-watched", "");
    sizes.observe(math);
    if (math.firstElementChild) sizes.observe(math.firstElementChild);
  }
};
watchDisplays();
if (!sizes) window.addEventListener("resize", recheck);
document.fonts?.ready.then(recheck);
// Under Material's instant navigation a new page arrives without a load: watch its formulas.
window.document$?.subscribe?.(() => {
  watchDisplays();
  recheck();
});
