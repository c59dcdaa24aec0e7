// The chain-rule/NLL math of the calculator: no DOM, no state.
//
// hooks/coursemd/nll_math.py is the same module in Python. One vectors file
// (hooks/coursemd/nll_vectors.json) checks both, so the numbers a student sees are the numbers
// the build checked. Shared choices (see the Python docstring): log space throughout,
// left-to-right sums, floor(x * 10^d + 0.5) rounding for display. (The fresh-sequence exercise
// used to draw its sequences here too; it is now a `/// exercise` whose variants Python renders.)

import { MESSAGES as NUMBER_MESSAGES, parseNumber } from "./number-input.js";

export const LN2 = Math.log(2);
export const LN10 = Math.log(10);
export const MIN_NORMAL = 2.2250738585072014e-308;

// --- Input parsing -------------------------------------------------------------------------
// Numbers are read by number-input.js, as every numeric field reads them; what is added here is
// what makes a number a probability or a logit.
export { parseNumber };

export const MESSAGES = {
  ...NUMBER_MESSAGES,
  negative: "A probability cannot be negative",
  above_one: "A probability cannot be greater than 1",
  too_small: "Too small for a computer's double (below about 5e-324); use at least 1e-300",
  too_large: "Too large: a logit must be between -1e6 and 1e6",
};

const ok = (value) => ({ value, error: null, message: null });
const fail = (error) => ({ value: null, error, message: MESSAGES[error] });

/** Read a probability in [0, 1]; exactly 0 is allowed (it gives an infinite NLL). */
export function parseProbability(text) {
  const parsed = parseNumber(text);
  if (parsed.error) return parsed;
  const value = parsed.value;
  if (value < 0) return fail("negative");
  if (value > 1) return fail("above_one");
  // 1e-400 is not zero, but no double holds it: say so rather than show an infinite NLL.
  if (value === 0 && /[1-9]/.test(String(text).split(/[eE]/)[0])) return fail("too_small");
  return ok(value);
}

/** Read a logit: any real number between -1e6 and 1e6. */
export function parseLogit(text) {
  const parsed = parseNumber(text);
  if (parsed.value !== null && Math.abs(parsed.value) > 1e6) return fail("too_large");
  return parsed;
}

// --- Chain rule and NLL ----------------------------------------------------------------------

export const surprisalNats = (p) => (p === 0 ? Infinity : -Math.log(p) + 0);
export const surprisalBits = (p) => surprisalNats(p) / LN2;

/** ln of the joint: the sum of ln p left to right; -Infinity if any p is 0. */
export function logJoint(probabilities) {
  let total = 0;
  for (const p of probabilities) {
    if (p === 0) return -Infinity;
    total += Math.log(p);
  }
  return total;
}

/** Multiply the floats left to right; where the running product lost precision and hit 0. */
export function naiveProduct(probabilities) {
  let product = 1;
  let subnormalAt = null;
  let zeroAt = null;
  probabilities.forEach((p, i) => {
    product *= p;
    if (product !== 0 && Math.abs(product) < MIN_NORMAL && subnormalAt === null) subnormalAt = i + 1;
    if (product === 0 && zeroAt === null) zeroAt = i + 1;
  });
  return { product, subnormal_at: subnormalAt, zero_at: zeroAt };
}

/** Everything the calculator shows for a sequence of conditionals (at least one). */
export function summarize(probabilities) {
  const nats = probabilities.map(surprisalNats);
  let nll = 0;
  for (const term of nats) nll += term;
  const mean = nll / probabilities.length;
  return {
    log_joint: -nll,
    joint: scientific(-nll),
    surprisal_nats: nats,
    surprisal_bits: nats.map((t) => t / LN2),
    nll_nats: nll,
    nll_bits: nll / LN2,
    mean_nats: mean,
    mean_bits: mean / LN2,
    perplexity: mean < 709 ? Math.exp(mean) : Infinity,
    naive: naiveProduct(probabilities),
  };
}

// --- Display ---------------------------------------------------------------------------------

/** x with `digits` decimals, rounded half up; "Infinity" for an infinite value. */
export function fixed(x, digits = 4) {
  if (x === Infinity) return "Infinity";
  if (x === -Infinity) return "-Infinity";
  if (!Number.isFinite(x)) return "—"; // never reached by the widgets; never print NaN
  const scale = 10 ** digits;
  const units = Math.floor(Math.abs(x) * scale + 0.5);
  const sign = x < 0 && units !== 0 ? "-" : "";
  const whole = Math.floor(units / scale);
  const frac = String(units - whole * scale).padStart(digits, "0");
  return digits ? `${sign}${whole}.${frac}` : `${sign}${whole}`;
}

/** exp(lnValue) as mantissa × 10^exponent at any magnitude, computed from the log. */
export function scientific(lnValue, digits = 3) {
  if (lnValue === -Infinity) return { mantissa: "0", exponent: 0, text: "0", decimal: "0" };
  const log10 = lnValue / LN10;
  let exponent = Math.floor(log10) + 0; // + 0: never -0
  const places = digits - 1;
  let units = Math.floor(10 ** (log10 - exponent) * 10 ** places + 0.5);
  if (units >= 10 ** (places + 1)) {
    units = Math.floor(units / 10);
    exponent += 1;
  }
  const text = String(units);
  const mantissa = text[0] + (places ? "." + text.slice(1) : "");
  // Between 1e-4 and 1 the plain decimal reads better: 1.20e-1 is also "0.12".
  let decimal = null;
  if (exponent >= -4 && exponent < 0) decimal = "0." + "0".repeat(-exponent - 1) + text.replace(/0+$/, "");
  else if (exponent === 0 && units === 10 ** places) decimal = "1";
  const sign = exponent >= 0 ? "+" : "-";
  return { mantissa, exponent, text: `${mantissa}e${sign}${Math.abs(exponent)}`, decimal };
}

// --- Softmax ---------------------------------------------------------------------------------

/** log Σ exp z, after subtracting the largest logit so nothing overflows. */
export function logsumexp(logits) {
  const top = Math.max(...logits);
  let total = 0;
  for (const z of logits) total += Math.exp(z - top);
  return top + Math.log(total);
}

/** Probabilities, log-probabilities and the target's -log p, in nats and bits. */
export function softmax(logits, target) {
  const lse = logsumexp(logits);
  const logProbs = logits.map((z) => z - lse);
  const nll = lse - logits[target];
  return {
    logsumexp: lse,
    log_probs: logProbs,
    probabilities: logProbs.map((lp) => Math.exp(lp)),
    nll_nats: nll,
    nll_bits: nll / LN2,
  };
}

// --- Test vectors ------------------------------------------------------------------------------

/** A vector's probabilities as a list ({repeat: [p, n]} is n copies of p). */
export function expand(probabilities) {
  if (Array.isArray(probabilities)) return probabilities;
  const [p, n] = probabilities.repeat;
  return Array.from({ length: n }, () => p);
}

// --- URL fragment state ------------------------------------------------------------------------
// The fragment's key=value pairs are fragment.js's (the exercise shares them); the calculator's
// value is its rows.
export { fragmentValue, parseFragment, withFragmentKey } from "./fragment.js";

/** Rows [[token, text], ...] as "token:text,token:text" (each part URI-encoded). */
export function encodeRows(rows) {
  return rows.map(([token, text]) => `${encodeURIComponent(token)}:${encodeURIComponent(text)}`).join(",");
}

/** The inverse of encodeRows; null when the text is not a list of rows. */
export function decodeRows(text, maxRows = 1000) {
  if (typeof text !== "string" || !text) return null;
  const parts = text.split(",");
  if (parts.length > maxRows) return null;
  const rows = [];
  for (const part of parts) {
    const at = part.indexOf(":");
    if (at < 0) return null;
    try {
      rows.push([decodeURIComponent(part.slice(0, at)), decodeURIComponent(part.slice(at + 1))]);
    } catch {
      return null; // a malformed %-escape
    }
  }
  return rows;
}
