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

// Inline math sits in running text, where Chromium breaks a line between a formula and the
// full stop after it (a break after an inline-block is always allowed), or inside a short
// formula at its × (KaTeX allows a break after each operator). A short formula, one that
// never needs a break (a number like 1.18 × 10⁻³⁸), is kept on one line with the punctuation
// after it. A long one keeps its breaks, so it still fits a phone's column; the punctuation
// is then shown inside its last piece, and the text's own mark stays for screen readers.
const SHORT_EM = 9;
const PIECES = ".katex-html > :is(.katex-base, .base)";
const PUNCTUATION = /^[.,;:!?)\]’”]+/;
// A formula's width is the sum of its pieces' (KaTeX's inline-block `.katex-base` spans, one
// per place a line may break; `.base` before KaTeX 0.19, which this file looked for until
// issue 11, so the punctuation of long formulas was never moved) as a ResizeObserver reports
// them: the browser measures them during its own layout, so nothing here makes it lay the
// page out again. A formula not laid out yet (in a closed list) reports 0 and is decided when
// it shows.
const formulaOf = new Map(); // piece -> formula
const pieceWidths = new Map(); // formula -> Map(piece -> width)
const pieceCounts = new Map(); // formula -> how many pieces it has
const pieces = new ResizeObserver((entries) => {
  const touched = new Set();
  for (const entry of entries) {
    const math = formulaOf.get(entry.target);
    pieceWidths.get(math)?.set(entry.target, entry.borderBoxSize?.[0]?.inlineSize ?? entry.contentRect.width);
    touched.add(math);
  }
  const decided = [];
  for (const math of touched) {
    const sizes = pieceWidths.get(math);
    const width = sizes ? [...sizes.values()].reduce((sum, w) => sum + w, 0) : 0;
    if (!width || sizes.size < pieceCounts.get(math)) continue;
    for (const piece of sizes.keys()) {
      pieces.unobserve(piece);
      formulaOf.delete(piece);
    }
    pieceWidths.delete(math);
    pieceCounts.delete(math);
    decided.push([math, width]);
  }
  // Font sizes are a style read, not a layout one; all of them before the first change.
  const short = decided.map(([math, width]) => width <= SHORT_EM * (parseFloat(getComputedStyle(math).fontSize) || 16));
  decided.forEach(([math], i) => keepTogether(math, short[i]));
});
const watched = new WeakSet();
const watchInlineMath = () => {
  for (const math of document.querySelectorAll(".katex:not(.katex-display > .katex):not([data-kept])")) {
    // A set, not an attribute: a widget's copy of a formula (a flashcard's face) is new and
    // gets measured itself.
    if (watched.has(math)) continue;
    watched.add(math);
    const bases = math.querySelectorAll(PIECES);
    if (!bases.length) continue;
    pieceWidths.set(math, new Map());
    pieceCounts.set(math, bases.length);
    for (const base of bases) {
      formulaOf.set(base, math);
      pieces.observe(base);
    }
  }
};
const keepTogether = (math, short) => {
  math.setAttribute("data-kept", "");
  const text = math.nextSibling;
  const mark = text?.nodeType === Node.TEXT_NODE ? PUNCTUATION.exec(text.data)?.[0] : null;
  if (short) {
    const together = document.createElement("span");
    together.className = "course-nowrap";
    math.replaceWith(together);
    together.append(math);
    if (mark) {
      together.append(mark);
      text.data = text.data.slice(mark.length);
    }
  } else if (mark) {
    const last = [...math.querySelectorAll(PIECES)].pop();
    const shown = document.createElement("span");
    shown.className = "course-math-mark";
    shown.textContent = mark; // inside .katex-html, which is aria-hidden
    last.append(shown);
    const spoken = document.createElement("span");
    spoken.className = "course-visually-hidden";
    spoken.textContent = mark;
    text.data = text.data.slice(mark.length);
    text.before(spoken);
  }
};

// Once per page: at load, and for each page Material's instant navigation brings in without
// a load (its document$ also announces the first page, at DOMContentLoaded).
const onPage = () => {
  apply();
  watchDisplays();
  watchTabs();
  watchInlineMath();
};
// Material adds code toolbars and wraps wide tables after load: fix and watch those too.
// This file's own changes (a formula wrapped with its full stop) need no second look, and
// skipping them keeps the whole-page queries out of the task that made them.
const OWN_SPANS = /^course-(?:nowrap|math-mark|visually-hidden)$/;
const onlyOurs = (records) =>
  records.every((record) => [...record.addedNodes].every((node) => node.nodeType !== Node.ELEMENT_NODE || OWN_SPANS.test(node.className)));
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
    watchInlineMath();
  });
}).observe(document.body, { childList: true, subtree: true });
if (typeof window.document$?.subscribe === "function") window.document$.subscribe(onPage);
else onPage();
