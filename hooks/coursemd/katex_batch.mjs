// Renders formulas with KaTeX for katex_server.mjs: one formula, or a page's batch, sharing
// KaTeX's work between formulas of a batch that differ only in their numbers.
//
// Why: a seeded exercise writes the same worked steps for each of its variants with other numbers
// (`-\ln 0.2500 \approx 1.3863`, `-\ln 0.1250 \approx 2.0794`, ...). KaTeX's output for a digit
// is that digit, in a box whose size does not depend on which digit it is, in the fonts a number
// is usually set in. So such a group is rendered two or three times whatever its size, and the
// other members are filled in: on a lesson with a 50-variant exercise this halves the formulas
// KaTeX lays out.
//
// A template is trusted only when the renders prove it, else every member is rendered for real:
//   - the group's first formula, for real;
//   - one or more "probes": the first formula with each templated digit moved on by 1 to 9
//     (mod 10), the step encoding the digit's index (base 9), so every templated digit changes.
// The probes must be as long as the first render and differ from it only at digits in text
// (never in a tag's attributes, so no size, colour or spacing depends on a digit), each such
// place decoding to one templated digit, the first render showing that digit's value there;
// every digit must sit in a font whose ten digits have the same metrics (Main, Main-Bold,
// SansSerif, Typewriter: not italic, Fraktur or old-style) or in MathML; and each templated
// digit must show outside the TeX annotation (a digit that only steers KaTeX, such as a style
// number, does not). Any error or warning in those renders also means rendering every member.
//
// Numbers that differ in length as well (0.5, 0.125) share a number template: the digit template
// of the first member, where each number must show whole, in one run of text, touching no other
// digit; it is checked against the real render of a member of another length, and never used
// under a wide accent, the one construct KaTeX sizes by the count of characters. On lesson 2's
// pages: 457 formulas, 200 renders.

/** A number that can become a template digit: not part of a name (x2, \frac12), a colour or macro
 *  parameter (#1), nor a dimension (0.5em, 3 mu), whose value changes layout. */
const NUMBER = /\d+(?:\.\d+)?/g;
const UNIT = /^\s*(?:pt|mm|cm|in|ex|em|mu|bp|pc|dd|cc|nd|nc|sp|px)/;
/** Classes KaTeX puts on a digit's box when the digit's font has uniform digit metrics. */
const UNIFORM_DIGIT_CLASS = /^(?:mord|mbin|mrel|mop|mopen|mclose|mpunct|minner|mtight|mathrm|mathbf|mathsf|mathtt|textrm|textbf|textsf|texttt|textup|textmd|katex-sizing|reset-size\d+|size\d+)$/;
const MATHML_TOKEN = /^<(?:mn|mi|mo|mtext|ms)(?:\s[^>]*)?>$/;
const ANNOTATION = '<annotation encoding="application/x-tex">';
const WIDE_ACCENT = /\\(?:widehat|widecheck|widetilde|utilde)/;

/** Renders a template costs: the first member and its probes (nine digits each). */
const templateCost = (digitCount) => 1 + Math.max(1, Math.ceil(Math.log(digitCount) / Math.log(9) - 1e-9));

/** `render(request) -> {html, warnings} | {error}` with the build's KaTeX options. */
export function formulaRenderer(katex) {
  return function render(request) {
    try {
      const warnings = [];
      const html = katex.renderToString(request.tex, {
        displayMode: Boolean(request.display),
        throwOnError: true,
        // KaTeX would print non-LaTeX constructs as console warnings nobody reads;
        // collect them so the build can report them against the Markdown line.
        strict: (code, message) => {
          warnings.push(message);
          return "ignore";
        },
        trust: false,
        macros: request.macros || {},
      });
      return { html, warnings };
    } catch (err) {
      return { error: String(err && err.message ? err.message : err) };
    }
  };
}

/**
 * Split `tex` into fixed text and template digits.
 * Returns null when the formula has nothing to template; else `{key, digits}` where `key` is the
 * same for formulas that differ only in those digits and `digits` lists them in order.
 */
export function numberSlots(tex) {
  if (tex.includes("\\char")) return null; // \char 65 is a character code, not a number shown
  const fixed = [];
  const digits = [];
  const numbers = [];
  let last = 0;
  for (const match of tex.matchAll(NUMBER)) {
    if (!isShown(tex, match.index, match[0])) continue;
    fixed.push(tex.slice(last, match.index), match[0].replace(/\d/g, "0"));
    for (const ch of match[0]) if (ch !== ".") digits.push(ch);
    numbers.push(match[0]);
    last = match.index + match[0].length;
  }
  if (!digits.length) return null;
  fixed.push(tex.slice(last));
  // The same text with numbers of any length: where number templates (see renderBatch) apply.
  const anyLength = fixed.filter((_, i) => i % 2 === 0);
  return { key: JSON.stringify(fixed), looseKey: JSON.stringify(anyLength), digits, numbers };
}

/** Whether the NUMBER match `number` at `offset` is a number shown, not a name, colour or dimension. */
function isShown(tex, offset, number) {
  return !/[A-Za-z#.]/.test(tex[offset - 1] || "") && !UNIT.test(tex.slice(offset + number.length));
}

/** `tex` with its template digits replaced, in order, by `fill(i)`. */
function withDigits(tex, fill) {
  let i = 0;
  return tex.replace(NUMBER, (number, offset) =>
    isShown(tex, offset, number) ? number.replace(/\d/g, () => String(fill(i++))) : number,
  );
}

/**
 * Render every request of a batch with `render(request) -> {html, warnings} | {error}`, in order.
 * Formulas alike but for their numbers share a template (see the top of this file); when their
 * numbers also differ in length (0.5 and 0.125), a number template, checked on two lengths.
 */
export function renderBatch(requests, render) {
  const results = new Array(requests.length);
  const groups = new Map();
  requests.forEach((request, index) => {
    const slots = numberSlots(request.tex);
    if (!slots) return;
    const context = JSON.stringify([Boolean(request.display), request.macros || {}]);
    const key = context + slots.looseKey;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push({ index, ...slots });
  });
  for (const members of groups.values()) {
    if (!members.some((member) => member.key !== members[0].key) || !byNumbers(members, requests, render, results)) {
      const shapes = new Map();
      for (const member of members) shapes.set(member.key, [...(shapes.get(member.key) || []), member]);
      for (const same of shapes.values()) byDigits(same, requests, render, results);
    }
  }
  return requests.map((request, index) => results[index] || render(request));
}

/** Fill `results` for members of one shape from a digit template, if it is worth it and proven. */
function byDigits(members, requests, render, results) {
  if (members.length <= templateCost(members[0].digits.length)) return;
  const template = buildTemplate(requests[members[0].index], members[0].digits, render);
  if (!template) return;
  results[members[0].index] = template.first;
  for (const member of members.slice(1)) {
    results[member.index] = { html: fill(template, member.digits), warnings: [] };
  }
}

/**
 * Fill `results` for members whose numbers differ in length too, from a number template: the
 * first member's digit template where each number shows whole, in one run of text, alone; proven
 * by rendering a member of another length for real. KaTeX sets a number of any length as its
 * characters in a row, except under a wide accent (\widehat picks its size by the count of
 * characters), which is left to the digit templates. Returns whether it filled them.
 */
function byNumbers(members, requests, render, results) {
  const request = requests[members[0].index];
  if (members.length <= templateCost(members[0].digits.length) + 1) return false;
  if (WIDE_ACCENT.test(request.tex) || WIDE_ACCENT.test(JSON.stringify(request.macros || {}))) return false;
  const digitTemplate = buildTemplate(request, members[0].digits, render);
  const template = digitTemplate && numberTemplate(digitTemplate, members[0].numbers);
  if (!template) return false;
  const other = members.find((member) => member.key !== members[0].key);
  const check = render(requests[other.index]);
  if (check.error || check.warnings.length || fill(template, other.numbers) !== check.html) return false;
  results[members[0].index] = digitTemplate.first;
  results[other.index] = check;
  for (const member of members) {
    if (!results[member.index]) results[member.index] = { html: fill(template, member.numbers), warnings: [] };
  }
  return true;
}

/** A digit template made into a number template, or null when a number does not show whole and alone. */
function numberTemplate(template, numbers) {
  const owner = []; // digit index -> [number, its place among the number's digits]
  const digitCount = (number) => number.length - (number.includes(".") ? 1 : 0);
  numbers.forEach((number, n) => {
    for (let d = 0; d < digitCount(number); d++) owner.push([n, d]);
  });
  const { pieces, slots } = template;
  const numberPieces = [pieces[0]];
  const numberSlots = [];
  let k = 0;
  while (k < slots.length) {
    const [n, d] = owner[slots[k]];
    const number = numbers[n];
    const count = digitCount(number);
    if (d !== 0 || /[0-9.]$/.test(pieces[k]) || (k > 0 && pieces[k] === "")) return null; // not a run's start, or touching
    const point = number.indexOf("."); // a digit's place; the point comes before digit `point`
    for (let j = 1; j < count; j++) {
      if (slots[k + j] !== slots[k] + j || pieces[k + j] !== (j === point ? "." : "")) return null;
    }
    if (/^[0-9.]/.test(pieces[k + count] ?? "")) return null;
    numberSlots.push(n);
    numberPieces.push(pieces[k + count]);
    k += count;
  }
  return { pieces: numberPieces, slots: numberSlots };
}

/** A template's text with `values[slot]` (digits, or whole numbers) in each of its places. */
function fill(template, values) {
  let html = template.pieces[0];
  for (let i = 0; i < template.slots.length; i++) html += values[template.slots[i]] + template.pieces[i + 1];
  return html;
}

/** The template of `request`'s group, or null when the renders do not prove it (see above). */
function buildTemplate(request, digits, render) {
  const count = digits.length;
  const probes = templateCost(count) - 1;
  const clean = (result) => result && !result.error && !result.warnings.length;

  const first = render(request);
  if (!clean(first)) return null;
  const html = first.html;
  const probeRenders = [];
  for (let p = 0; p < probes; p++) {
    const step = (i) => 1 + (Math.floor(i / 9 ** p) % 9);
    const probe = render({ ...request, tex: withDigits(request.tex, (i) => (Number(digits[i]) + step(i)) % 10) });
    if (!clean(probe) || probe.html.length !== html.length) return null;
    probeRenders.push(probe.html);
  }

  // Every templated digit changes in every probe, so each probe differs at the same places.
  const places = differences(html, probeRenders[0]);
  for (let p = 1; p < probes; p++) {
    const others = differences(html, probeRenders[p]);
    if (others.length !== places.length || others.some((at, i) => at !== places[i])) return null;
  }
  const pieces = [];
  const slots = [];
  const seen = new Set();
  let from = 0;
  for (const at of places) {
    const value = html.charCodeAt(at) - 48;
    const tagEnd = html.lastIndexOf(">", at);
    if (value < 0 || value > 9 || html.lastIndexOf("<", at) > tagEnd) return null; // not in text
    let slot = 0;
    for (let p = 0; p < probes; p++) {
      const shown = probeRenders[p].charCodeAt(at) - 48;
      if (shown < 0 || shown > 9) return null; // a digit that became something else
      const step = (shown - value + 10) % 10; // never 0: every probe changes every digit
      slot += (step - 1) * 9 ** p;
    }
    if (slot >= count || digits[slot] !== html[at]) return null;
    const lastTag = html.slice(html.lastIndexOf("<", tagEnd), tagEnd + 1);
    if (lastTag !== ANNOTATION) {
      if (!uniformDigits(lastTag)) return null;
      seen.add(slot);
    }
    pieces.push(html.slice(from, at));
    slots.push(slot);
    from = at + 1;
  }
  if (seen.size !== count) return null;
  pieces.push(html.slice(from));
  return { pieces, slots, first };
}

/** The offsets at which two strings of one length differ. */
function differences(a, b) {
  const places = [];
  for (let at = 0; at < a.length; at++) if (a.charCodeAt(at) !== b.charCodeAt(at)) places.push(at);
  return places;
}

/** Whether a digit right after this opening tag is set in a font with uniform digit metrics. */
function uniformDigits(tag) {
  if (MATHML_TOKEN.test(tag)) return true;
  const span = /^<span class="([^"]*)"(?: style="[^"]*")?>$/.exec(tag);
  return Boolean(span) && span[1].split(" ").every((name) => UNIFORM_DIGIT_CLASS.test(name));
}
