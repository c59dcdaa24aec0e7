// localStorage that never throws. Private mode, a full quota or disabled storage must
// cost a student only persistence, never the widget: reads fall back to the default and
// writes to an in-memory copy for this page view.
const memory = new Map();

export function load(key, fallback) {
  try {
    const raw = localStorage.getItem(key);
    if (raw !== null) return JSON.parse(raw);
  } catch {
    // unavailable or corrupt: use what this page view has written, if anything
  }
  return memory.has(key) ? structuredClone(memory.get(key)) : fallback;
}

export function save(key, value) {
  memory.set(key, structuredClone(value));
  try {
    localStorage.setItem(key, JSON.stringify(value));
    return true;
  } catch {
    return false;
  }
}

export function remove(key) {
  memory.delete(key);
  try {
    localStorage.removeItem(key);
  } catch {
    // nothing stored, nothing to remove
  }
}

/** A key namespaced by lesson page, e.g. "course:/t19/02-autoregressive-models/practice/:quiz:q1". */
export function pageKey(...parts) {
  const path = document.querySelector('link[rel="canonical"]')?.getAttribute("href") ?? location.pathname;
  let page;
  try {
    page = new URL(path, location.href).pathname;
  } catch {
    page = location.pathname;
  }
  return ["course", page, ...parts].join(":");
}
