// The one DOM helper the widgets share.

/**
 * Create an element: attributes from `attrs` (null, undefined and false leave one out; true
 * sets it empty; the keys `text` and `html` set the content), then `children` appended
 * (strings become text).
 */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "text") node.textContent = value;
    else if (key === "html") node.innerHTML = value;
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children) if (child !== null && child !== undefined) node.append(child);
  return node;
}
