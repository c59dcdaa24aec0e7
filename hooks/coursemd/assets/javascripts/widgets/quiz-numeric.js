// Numeric quiz answers: read what a student typed and judge it against the author's answer.
//
// The answer comes from the markup (coursemd/numeric_answer.py writes data-answer, data-unit,
// data-tolerance and data-relative). Numbers are read as the calculator reads them
// (nll-math.js: 0.25, 0,25, 1/4, 2.5e-1), optionally followed by "nats" or "bits". An NLL is
// the same quantity in either unit, so a reply in the other unit, or a bare number that is
// the answer in the other unit, is named as such rather than just marked wrong.
import { LN2, parseNumber } from "./nll-math.js";

const UNITS = { nat: "nats", nats: "nats", bit: "bits", bits: "bits" };
const OTHER = { nats: "bits", bits: "nats" };
const REPLY = /^(?<number>.*?)\s*(?<unit>[A-Za-z]+)?\.?$/;

export const MESSAGES = {
  empty: "Type a number first.",
  not_a_number: "Not a number: write it like 4, 2.77, 1/16 or 6.25e-2, optionally followed by nats or bits.",
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

/** Read a reply: { value, unit } with unit "", "nats" or "bits", or { error, message }. */
export function parseReply(text) {
  const trimmed = String(text ?? "")
    .trim()
    .replace(/\u2212/g, "-");
  if (!trimmed) return { error: "empty", message: MESSAGES.empty };
  const { number, unit } = trimmed.match(REPLY).groups;
  if (unit && !UNITS[unit.toLowerCase()]) {
    const error = parseNumber(number).error ? "not_a_number" : "unknown_unit";
    return { error, message: MESSAGES[error] };
  }
  const parsed = parseNumber(number);
  if (parsed.error) return { error: "not_a_number", message: MESSAGES.not_a_number };
  return { value: parsed.value, unit: unit ? UNITS[unit.toLowerCase()] : "" };
}

/** Whether `value`, in the answer's unit, is within its margin (mirrors NumericAnswer.accepts). */
export function accepts(answer, value) {
  const margin = answer.relative ? (answer.tolerance / 100) * Math.abs(answer.value) : answer.tolerance;
  return Math.abs(value - answer.value) <= margin * (1 + 1e-12) + 1e-12 * Math.max(1, Math.abs(answer.value));
}

const convert = (value, from, to) => (from === to ? value : from === "nats" ? value / LN2 : value * LN2);

/**
 * Judge a typed reply. Returns { status, message } with status "correct", "unit" (the right
 * amount in the wrong unit), "wrong" or "invalid" (not graded: the message goes beside the field).
 */
export function judge(answer, text) {
  const reply = parseReply(text);
  if (reply.error) return { status: "invalid", message: reply.message };
  const expected = `${shown(answer.value)}${answer.unit ? ` ${answer.unit}` : ""}`;
  if (reply.unit && !answer.unit) return { status: "invalid", message: MESSAGES.unit_not_wanted };
  const unit = answer.unit;
  if (!unit || reply.unit === "" || reply.unit === unit) {
    if (accepts(answer, reply.value)) return { status: "correct", message: `Correct: ${expected}.` };
    if (unit && reply.unit === "" && accepts(answer, convert(reply.value, OTHER[unit], unit))) {
      return {
        status: "unit",
        message:
          `Wrong unit: ${shown(reply.value)} is the answer in ${OTHER[unit]}, and the question asks for ${unit}. ` +
          `The answer is ${expected}${unit === "bits" ? " (bits = nats ÷ ln 2)" : " (nats = bits × ln 2)"}.`,
      };
    }
    return { status: "wrong", message: `Not quite: the answer is ${expected}.` };
  }
  const converted = convert(reply.value, reply.unit, unit);
  if (accepts(answer, converted)) {
    return {
      status: "unit",
      message:
        `Right amount, wrong unit: ${shown(reply.value)} ${reply.unit} is ${shown(converted)} ${unit}, ` +
        `and the question asks for ${unit}.`,
    };
  }
  return {
    status: "wrong",
    message:
      `Not quite: ${shown(reply.value)} ${reply.unit} is ${shown(converted)} ${unit}; ` +
      `the answer is ${expected}.`,
  };
}
