// Numeric quiz answers: read what a student typed and judge it against the author's answer.
//
// The answer comes from the markup (coursemd/numeric_answer.py writes data-answer, data-unit,
// data-tolerance and data-relative). Numbers are read as every numeric field reads them
// (number-input.js: 0.25, 0,25, 1/4, 2.5e-1, −1), optionally followed by "nats" or "bits". An
// NLL is the same quantity in either unit, so a reply in the other unit, or a bare number that
// is the answer in the other unit, is named as such rather than just marked wrong.
import { MESSAGES as NUMBER_MESSAGES, parseNumber } from "./number-input.js";

export const LN2 = Math.log(2);

const UNITS = { nat: "nats", nats: "nats", bit: "bits", bits: "bits" };
/** The other unit of an NLL. */
export const OTHER = { nats: "bits", bits: "nats" };
// A number, then optionally a unit: letters after the number (and a full stop, as a sentence ends).
const REPLY = /^(?<number>.*?)\s*(?<unit>[A-Za-z]+)?\.?$/;

/** The number messages every field shares, and the two about units only the quiz needs. */
export const MESSAGES = {
  ...NUMBER_MESSAGES,
  unknown_unit: "Unknown unit: this question takes nats or bits, or a plain number.",
  unit_not_wanted: "This answer is a plain number, without a unit: leave out the unit.",
};

/** Show a number to four significant figures, without trailing zeros: 2.773, 4, 0.0625. */
export const shown = (x) => String(Number(x.toPrecision(4)));

/** The author's answer from the prompt's data attributes; null if they are not usable. */
export function answerFrom(dataset) {
  const value = Number(dataset.answer);
  const tolerance = Number(dataset.tolerance);
  const unit = dataset.unit ?? "";
  if (!dataset.answer || !Number.isFinite(value) || !Number.isFinite(tolerance) || tolerance < 0) return null;
  if (unit && !OTHER[unit]) return null;
  return { value, unit, tolerance, relative: dataset.relative === "true" };
}

const failed = (parsed) => ({ error: parsed.error, message: parsed.message });

/** Read a reply: { value, unit } with unit "", "nats" or "bits", or { error, message }. */
export function parseReply(text) {
  const whole = parseNumber(text);
  if (!whole.error) return { value: whole.value, unit: "" };
  if (whole.error === "empty" || whole.error === "too_long") return failed(whole);
  const { number, unit } = String(text).trim().match(REPLY).groups;
  if (!unit) return failed(whole);
  const parsed = parseNumber(number);
  // "1e" is a number whose power of ten is missing, not 1 in a unit called "e".
  if (/^[eE]$/.test(unit) && !parsed.error) return failed({ error: "exponent", message: MESSAGES.exponent });
  if (parsed.error) return failed(parsed.error === "empty" ? whole : parsed); // "bits" alone
  if (!UNITS[unit.toLowerCase()]) return failed({ error: "unknown_unit", message: MESSAGES.unknown_unit });
  return { value: parsed.value, unit: UNITS[unit.toLowerCase()] };
}

/** How far from the answer a reply may be, in the answer's unit. */
export const marginOf = (answer) => (answer.relative ? (answer.tolerance / 100) * Math.abs(answer.value) : answer.tolerance);

/** Whether `value`, in the answer's unit, is within its margin (mirrors NumericAnswer.accepts). */
export function accepts(answer, value) {
  return Math.abs(value - answer.value) <= marginOf(answer) * (1 + 1e-12) + 1e-12 * Math.max(1, Math.abs(answer.value));
}

/** An NLL `value` in unit `from` ("nats" or "bits") expressed in unit `to`. */
export const convert = (value, from, to) => (from === to ? value : from === "nats" ? value / LN2 : value * LN2);

/** A judged reply: its status and the sentence shown for it. */
export const verdict = (status, message) => ({ status, message });

/**
 * Judge a typed reply. Returns { status, message } with status "correct", "unit" (the right
 * amount in the wrong unit), "wrong" or "invalid" (not graded: the message goes beside the field).
 */
export function judge(answer, text) {
  const reply = parseReply(text);
  if (reply.error) return verdict("invalid", reply.message);
  const expected = `${shown(answer.value)}${answer.unit ? ` ${answer.unit}` : ""}`;
  if (reply.unit && !answer.unit) return verdict("invalid", MESSAGES.unit_not_wanted);
  const unit = answer.unit;
  if (!unit || reply.unit === "" || reply.unit === unit) {
    if (accepts(answer, reply.value)) return verdict("correct", `Correct: ${expected}.`);
    if (unit && reply.unit === "" && accepts(answer, convert(reply.value, OTHER[unit], unit))) {
      return verdict(
        "unit",
        `Wrong unit: ${shown(reply.value)} is the answer in ${OTHER[unit]}, and the question asks for ${unit}. ` +
          `The answer is ${expected}${unit === "bits" ? " (bits = nats ÷ ln 2)" : " (nats = bits × ln 2)"}.`,
      );
    }
    return verdict("wrong", `Not quite: the answer is ${expected}.`);
  }
  const converted = convert(reply.value, reply.unit, unit);
  if (accepts(answer, converted)) {
    return verdict(
      "unit",
      `Right amount, wrong unit: ${shown(reply.value)} ${reply.unit} is ${shown(converted)} ${unit}, ` +
        `and the question asks for ${unit}.`,
    );
  }
  return verdict("wrong", `Not quite: ${shown(reply.value)} ${reply.unit} is ${shown(converted)} ${unit}; the answer is ${expected}.`);
}
