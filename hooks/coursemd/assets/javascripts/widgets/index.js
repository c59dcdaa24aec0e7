// Mounts every interactive block on the page.
//
// Markup is the API: Python renders <div data-widget="quiz" ...> with a readable fallback,
// and this loader imports ./quiz.js (one ES module per widget, exporting mount(root)) only
// for the kinds present on the page. Mounting is idempotent (data-widget-ready), so it is
// safe under Material's instant navigation, which re-runs document$ without a page load.
const loaded = new Map();

// Each block starts in a task of its own. Started together, as their modules arrived, the
// practice page's five blocks made one task of up to 160 ms on a 4x-slowed phone, during which
// a tap or a key waits (Lighthouse's blocking time, issue 11). scheduler.yield() keeps the
// page's place in the queue where the browser has it. (dom.js has the same for the widgets;
// importing it here would add a request to every page, those with no block too.)
const nextTask = () => (globalThis.scheduler?.yield ? scheduler.yield() : new Promise((resolve) => setTimeout(resolve, 0)));

const load = (kind) => {
  if (!loaded.has(kind)) loaded.set(kind, import(new URL(`./${kind}.js`, import.meta.url).href));
  return loaded.get(kind);
};

// root -> its mount under way or done: a second mountAll (the page's own, from document$, and
// one a script starts after adding a block) waits for the same mount instead of returning early.
const mounting = new WeakMap();

export async function mountAll(scope = document) {
  const roots = [...scope.querySelectorAll("[data-widget]")];
  await Promise.all(
    roots.map((root) => {
      if (!mounting.has(root) && !root.hasAttribute("data-widget-ready")) mounting.set(root, mountOne(root));
      return mounting.get(root);
    }),
  );
}

async function mountOne(root) {
  const kind = root.dataset.widget;
  if (!/^[a-z][a-z0-9-]*$/.test(kind)) return;
  root.setAttribute("data-widget-ready", "");
  try {
    const module = await load(kind);
    await nextTask();
    await module.mount(root); // a mount may load more first (the drill its words)
  } catch (error) {
    // Fail soft: the block's no-JavaScript markup stays readable, and a later mountAll may retry.
    root.removeAttribute("data-widget-ready");
    mounting.delete(root);
    console.error(`${kind}: could not start this block`, error);
  }
}

if (typeof window.document$ !== "undefined" && typeof window.document$.subscribe === "function") {
  window.document$.subscribe(() => mountAll());
} else if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", () => mountAll());
} else {
  mountAll();
}
