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

// A display formula wider than a phone scrolls sideways (course.css). One that does gets
// `data-scrolls`, which shows that it scrolls (shadows and a line under it), and becomes a
// tab stop, since keyboard users can scroll it only if it can take focus (axe:
// scrollable-region-focusable). That changes with the window's width and when KaTeX's fonts
// arrive (a formula set in a fallback font is narrower), so a ResizeObserver watches each
// formula and its box, and checks again on the next frame.
// A table wider than the column scrolls in Material's wrapper, which needs focus just the same.
const focusableWhenScrolling = () => {
  for (const box of document.querySelectorAll(".katex-display, .md-typeset__scrollwrap")) {
    const scrolls = box.scrollWidth > box.clientWidth + 1;
    box.toggleAttribute("data-scrolls", scrolls);
    if (scrolls) box.setAttribute("tabindex", "0");
    else box.removeAttribute("tabindex");
  }
};

// Inline math sits in running text, where Chromium breaks a line between a formula and the
// full stop after it (a break after an inline-block is always allowed), or inside a short
// formula at its × (KaTeX allows a break after each operator). A short formula, one that
// never needs a break (a number like 1.18 × 10⁻³⁸), is kept on one line with the punctuation
// after it. A long one keeps its breaks, so it still fits a phone's column; the punctuation
// is then shown inside its last piece, and the text's own mark stays for screen readers.
const SHORT_EM = 9;
const PUNCTUATION = /^[.,;:!?)\]’”]+/;
const keepTogether = () => {
  for (const math of document.querySelectorAll(".katex:not(.katex-display > .katex):not([data-kept])")) {
    const width = [...math.getClientRects()].reduce((sum, rect) => sum + rect.width, 0);
    if (!width) continue; // not laid out (a hidden list): it is measured when it shows
    math.setAttribute("data-kept", "");
    const size = parseFloat(getComputedStyle(math).fontSize) || 16;
    const short = width <= SHORT_EM * size;
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
      const last = [...math.querySelectorAll(".katex-html > .base")].pop();
      if (!last) continue;
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
  }
};

// The lesson's tabs scroll sideways when they do not fit (six on a phone): show the current
// one, which may be the last, without scrolling the page.
const showCurrentTab = () => {
  const tab = document.querySelector('.lesson-header__pages a[aria-current="page"]');
  const row = tab?.closest("ol");
  if (!row || row.scrollWidth <= row.clientWidth) return;
  const left = tab.offsetLeft - row.offsetLeft;
  if (left + tab.offsetWidth > row.scrollLeft + row.clientWidth) row.scrollLeft = left + tab.offsetWidth - row.clientWidth + 16;
};

apply();
focusableWhenScrolling();
keepTogether();
showCurrentTab();
let frame = 0;
const recheck = () => {
  cancelAnimationFrame(frame);
  frame = requestAnimationFrame(focusableWhenScrolling);
};
// Material wraps wide tables after load, so a new wrapper is checked too.
new MutationObserver(() => {
  apply();
  recheck();
}).observe(document.body, { childList: true, subtree: true });
const sizes = typeof ResizeObserver === "function" ? new ResizeObserver(recheck) : null;
const watchDisplays = () => {
  if (!sizes) return;
  for (const math of document.querySelectorAll(".katex-display:not([data-watched]), .md-typeset__scrollwrap:not([data-watched])")) {
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
  keepTogether();
  showCurrentTab();
});
