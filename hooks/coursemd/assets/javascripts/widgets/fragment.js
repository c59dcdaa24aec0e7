// Each widget's state in the page address, so a link shares it: no DOM, no state.
//
// The fragment holds each widget's state as key=value pairs joined by "&", e.g.
// #calculator-1=the:0.4,cat:0.5&t19-02-fresh-sequence=7. A plain anchor (#a-worked-example) is kept as is.

/** Split a fragment ("#a=1&b") into an ordered list of [key, value|null]. */
export function parseFragment(hash) {
  const text = String(hash ?? "").replace(/^#/, "");
  if (!text) return [];
  return text.split("&").map((part) => {
    const at = part.indexOf("=");
    return at < 0 ? [part, null] : [part.slice(0, at), part.slice(at + 1)];
  });
}

/** The fragment with `key` set to `value` (or removed when value is null), others kept. */
export function withFragmentKey(hash, key, value) {
  const parts = parseFragment(hash).filter(([k]) => k !== key);
  if (value !== null) parts.push([key, value]);
  const text = parts.map(([k, v]) => (v === null ? k : `${k}=${v}`)).join("&");
  return text ? `#${text}` : "";
}

/** The value of `key` in the fragment, or null. */
export function fragmentValue(hash, key) {
  const found = parseFragment(hash).find(([k, v]) => k === key && v !== null);
  return found ? found[1] : null;
}

