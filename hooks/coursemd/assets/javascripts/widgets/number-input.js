// Read a number as a student types it into any numeric field: the quiz's and the exercise's
// answers, the calculator's probabilities and logits. One reader and one set of messages, so a
// form accepted in one field is accepted in every other, and a mistake reads the same
// everywhere. No DOM, no state. hooks/coursemd/nll_math.py (parse_number) is its Python twin,
// checked against the same vectors (hooks/coursemd/nll_vectors.json).
//
// Accepted: 0.25, .25, 0,25 (comma decimal), 2.5e-1, 1E-3, a fraction 1/4, a leading + or −
// (U+2212, the minus sign the lesson's math shows and a copy from it pastes), spaces around.
// Not accepted: NaN, Infinity, 0x10, 1 000, ½, anything JavaScript's Number() would read but a
// student does not write.

/** Longer than this is not a number anyone types; the cap keeps every field's work bounded. */
export const MAX_LENGTH = 100;

export const MESSAGES = {
  empty: "Enter a number, e.g. 0.25, 1/4 or 2.5e-1",
  not_a_number: "Not a number: write a decimal (0.25), a fraction (1/4) or scientific notation (2.5e-1)",
  exponent: "The power of ten is missing: write digits after the e, e.g. 2.5e-1",
  infinite: "Too large for a computer's double (above about 1.8e308)",
  divide_by_zero: "The fraction divides by zero",
  too_long: `Too long for a number: at most ${MAX_LENGTH} characters (1e-300 is shorter than its decimal)`,
};

const NUMBER = /^[+-]?(?:[0-9]+(?:[.,][0-9]*)?|[.,][0-9]+)(?:[eE][+-]?[0-9]+)?$/;
// A number whose power of ten is still missing: "1e", "2.5E-".
const NO_EXPONENT = /^[+-]?(?:[0-9]+(?:[.,][0-9]*)?|[.,][0-9]+)[eE][+-]?$/;

export const ok = (value) => ({ value, error: null, message: null });
/** A failed read: the error code and the sentence shown beside the field. */
export const fail = (error, messages = MESSAGES) => ({ value: null, error, message: messages[error] });

// The typographic minus (U+2212) is a minus wherever it stands: −1, 1e−5, −1/4.
const plain = (text) => text.trim().replace(/\u2212/g, "-");

function one(text) {
  const t = text.trim();
  if (NUMBER.test(t)) return { value: Number(t.replace(",", ".")) };
  return { error: NO_EXPONENT.test(t) ? "exponent" : "not_a_number" };
}

/**
 * Read a real number: decimal, comma decimal, scientific notation, or a fraction a/b.
 * Returns { value, error: null, message: null } with a finite value (never -0), or
 * { value: null, error, message } with error one of MESSAGES' keys.
 */
export function parseNumber(text) {
  const t = plain(String(text ?? ""));
  if (!t) return fail("empty");
  if (t.length > MAX_LENGTH) return fail("too_long");
  const parts = t.split("/");
  let value;
  if (parts.length === 2) {
    const [top, bottom] = parts.map(one);
    if (top.error || bottom.error) return fail(top.error ?? bottom.error);
    if (!Number.isFinite(top.value) || !Number.isFinite(bottom.value)) return fail("infinite");
    if (bottom.value === 0) return fail("divide_by_zero");
    value = top.value / bottom.value;
  } else if (parts.length === 1) {
    const read = one(t);
    if (read.error) return fail(read.error);
    value = read.value;
  } else {
    return fail("not_a_number");
  }
  if (!Number.isFinite(value)) return fail("infinite");
  return ok(value + 0); // + 0: never -0
}

/** Whether a field's text is a number the student is still typing ("0.", "1/", "3e-"). */
export function unfinished(text) {
  const t = plain(String(text ?? ""));
  return /^0*[.,]?0*$/.test(t) ? t !== "" : /^[-+]?(\d+[.,]|\d*[.,]?\d+(\/|[eE][-+]?))$/.test(t);
}
