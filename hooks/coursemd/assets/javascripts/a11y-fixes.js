// Accessibility and layout fixes for markup that comes from mkdocs-material's templates and
// scripts, and for math.
//
// - The search overlay is a role="dialog" without an accessible name (axe: aria-dialog-name).
// - Each code block's toolbar (the copy button) is an unnamed <nav>; two on a page are two
//   identical landmarks (axe: landmark-unique).
// Naming them here keeps us on Material's own templates instead of forked copies that
// would drift from upstream. Material adds code toolbars after load, so we watch the DOM.
// - Code in a quiz or drill option wraps in a narrow column. A browser breaks it only at
//   spaces, or, where a piece between spaces is wider than the line, anywhere, even inside a
//   name (F.binary_cross_entropy_with_logits(logits,). A <wbr> after each opening bracket,
//   comma and member dot lets it break between tokens instead.
// (Inline math and the full stop after it are kept together in the HTML as built:
// katex_math.py's kept_together. This file measured each formula for that until issue 11.)
const TOKEN_BREAK = /([([{,]|\.(?=[A-Za-z_]))/g;
const breakBetweenTokens = (code) => {
  code.setAttribute("data-breaks", "");
  const walker = document.createTreeWalker(code, NodeFilter.SHOW_TEXT);
  const texts = [];
  while (walker.nextNode()) texts.push(walker.currentNode);
  for (const text of texts) {
    // split() with a capturing group: the separators are the odd-numbered parts.
    const parts = text.data.split(TOKEN_BREAK);
    if (parts.length < 2) continue;
    const pieces = [];
    parts.forEach((part, i) => {
      if (part) pieces.push(document.createTextNode(part));
      if (i % 2 === 1 && parts.slice(i + 1).some(Boolean)) pieces.push(document.createElement("wbr"));
    });
    text.replaceWith(...pieces);
  }
};

const FIXES = [
  ['.md-search[role="dialog"]:not([aria-label])', (el) => el.setAttribute("aria-label", "Search this site")],
  [":is(.drill__text, .quiz__text) code:not([data-breaks])", breakBetweenTokens],
  [".md-code__nav:not([aria-label])", (el) => {
    const index = [...document.querySelectorAll(".md-code__nav")].indexOf(el) + 1;
    el.setAttribute("aria-label", `Code block ${index} tools`);
  }],
];

const apply = () => {
  for (const [selector, fix] of FIXES) document.querySelectorAll(selector).forEach(fix);
};

// Layout reads. Reading a size makes the browser lay the page out first if anything changed
// since its last layout, and on a long lesson page that costs 100 to 250 ms on a slow phone.
// This file used to read a formula's size, change the page, then read the next one's: one
// whole layout per formula, long tasks of up to 3 s on the practice page at 4x CPU throttling
// (issue 11). So every check below reads everything it needs first and writes after, and runs
// where the layout is already done: in a ResizeObserver callback, which the browser calls
// right after it lays the page out. (A task after the next paint is not enough: Material's
// and the widgets' scripts change the page in between.) Every browser that can run this file
// (it uses ?. and :is()) has ResizeObserver, so there is no other path.

// A display formula wider than a phone scrolls sideways (course.css). One that does gets
// `data-scrolls`, which shows that it scrolls (shadows and a line under it), and becomes a
// tab stop, since keyboard users can scroll it only if it can take focus (axe:
// scrollable-region-focusable). That changes with the window's width and when KaTeX's fonts
// arrive (a formula set in a fallback font is narrower), so a ResizeObserver watches each
// formula and its box. A table wider than the column scrolls in Material's wrapper, or, if
// Material never saw it (a widget's copy, such as an exercise variant's), by itself; either
// needs focus just the same. The widgets' copies of formulas and tables (a flashcard's face, an
// exercise's variant) are new boxes, watched as they arrive like Material's code toolbars.
const SCROLLERS = ".katex-display, .md-typeset__scrollwrap, table:not([class])";
const markScrolling = (boxes) => {
  const scrolls = boxes.map((box) => box.scrollWidth > box.clientWidth + 1);
  boxes.forEach((box, i) => {
    // Only real changes are written: a write resizes the box, which calls the observer again.
    if (box.hasAttribute("data-scrolls") === scrolls[i]) return;
    box.toggleAttribute("data-scrolls", scrolls[i]);
    if (scrolls[i]) box.setAttribute("tabindex", "0");
    else box.removeAttribute("tabindex");
  });
};
const sizes = new ResizeObserver((entries) => {
  const boxes = new Set();
  for (const { target } of entries) {
    if (target.isConnected) boxes.add(target.closest(SCROLLERS));
    else {
      // Taken out of the page (the flashcard moved on): let it go, and watch it again if it returns.
      sizes.unobserve(target);
      watchedBoxes.delete(target);
    }
  }
  boxes.delete(null);
  markScrolling([...boxes]);
});
// A set, not an attribute: a widget's copy of a box carries the original's attributes.
const watchedBoxes = new WeakSet();
const watchDisplays = () => {
  for (const box of document.querySelectorAll(SCROLLERS)) {
    if (watchedBoxes.has(box)) continue;
    watchedBoxes.add(box);
    sizes.observe(box); // the first callback comes after the next layout: that is the first check
    if (box.firstElementChild) sizes.observe(box.firstElementChild);
  }
};

// The lesson's tabs scroll sideways when they do not fit (six on a phone): show the current
// one, which may be the last, without scrolling the page. Read once the row is laid out, in
// the same way; the scroll that follows does not change the layout.
const tabRows = new ResizeObserver((entries) => {
  for (const { target: row } of entries) {
    tabRows.unobserve(row);
    showCurrentTab(row);
  }
});
const showCurrentTab = (row) => {
  const tab = row.querySelector('a[aria-current="page"]');
  if (!tab || row.scrollWidth <= row.clientWidth) return;
  const left = tab.offsetLeft - row.offsetLeft;
  if (left + tab.offsetWidth > row.scrollLeft + row.clientWidth) row.scrollLeft = left + tab.offsetWidth - row.clientWidth + 16;
};
const watchTabs = () => {
  const row = document.querySelector('.lesson-header__pages a[aria-current="page"]')?.closest("ol");
  if (row) tabRows.observe(row);
};

// Once per page: at load, and for each page Material's instant navigation brings in without
// a load (its document$ also announces the first page, at DOMContentLoaded).
const onPage = () => {
  apply();
  watchDisplays();
  watchTabs();
};
// Material adds code toolbars and wraps wide tables after load: fix and watch those too. The
// line breaks this file adds to code (<wbr>) need no second look.
const onlyOurs = (records) =>
  records.every((record) => [...record.addedNodes].every((node) => node.nodeType !== Node.ELEMENT_NODE || node.localName === "wbr"));
// One look per frame, before it is laid out: the widgets start one task each (widgets/index.js),
// and a look after each was a whole-page query each time.
let looking = false;
new MutationObserver((records) => {
  if (looking || onlyOurs(records)) return;
  looking = true;
  requestAnimationFrame(() => {
    looking = false;
    apply();
    watchDisplays();
  });
}).observe(document.body, { childList: true, subtree: true });
if (typeof window.document$?.subscribe === "function") window.document$.subscribe(onPage);
else onPage();
