// The DOM helpers the widgets share.

/**
 * Create an element: attributes from `attrs` (null, undefined and false leave one out; true
 * sets it empty; the keys `text` and `html` set the content), or, when `attrs` is a string, its
 * class alone; then `children` appended (strings become text).
 */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(typeof attrs === "string" ? { class: attrs } : attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "text") node.textContent = value;
    else if (key === "html") node.innerHTML = value;
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children) if (child !== null && child !== undefined) node.append(child);
  return node;
}

/** `target.addEventListener(type, listener, options)`: the widgets listen often. */
export const listen = (target, type, listener, options) => target.addEventListener(type, listener, options);

/** Dispatch a bubbling CustomEvent `type` with `detail` on `target` (a widget's root). */
export const emit = (target, type, detail) => target.dispatchEvent(new CustomEvent(type, { bubbles: true, detail }));

/** What `selector` matches from `node`'s own children down (`:scope > selector`), or null. */
export const child = (node, selector) => node.querySelector(`:scope > ${selector}`);

/** A promise that resolves in a task of its own, keeping the page's place in the browser's
 *  queue where scheduler.yield() exists: long work split at it leaves room for a tap or a key. */
export const nextTask = () =>
  globalThis.scheduler?.yield ? scheduler.yield() : new Promise((resolve) => setTimeout(resolve, 0));
