// Numeric quiz answers: reading replies and judging them, units included (no DOM).
import assert from "node:assert/strict";
import { test } from "node:test";

import { accepts, answerFrom, judge, MESSAGES, parseReply, shown } from "../../hooks/coursemd/assets/javascripts/widgets/quiz-numeric.js";

const BITS = { value: 4, unit: "bits", tolerance: 0.01, relative: false };
const NATS = { value: 2.7726, unit: "nats", tolerance: 1, relative: true };
const PLAIN = { value: 0.0625, unit: "", tolerance: 0.0005, relative: false };

test("answerFrom: the data attributes Python writes, or null", () => {
  assert.deepEqual(answerFrom({ answer: "4", unit: "bits", tolerance: "0.01", relative: "false" }), BITS);
  assert.deepEqual(answerFrom({ answer: "2.7726", unit: "nats", tolerance: "1", relative: "true" }), NATS);
  assert.equal(answerFrom({ answer: "", unit: "", tolerance: "0" }), null);
  assert.equal(answerFrom({ answer: "4", unit: "furlongs", tolerance: "0" }), null);
  assert.equal(answerFrom({ answer: "4", unit: "", tolerance: "-1" }), null);
  assert.equal(answerFrom({ answer: "4", unit: "", tolerance: "x" }), null);
});

test("parseReply: numbers as the calculator reads them, then an optional unit", () => {
  assert.deepEqual(parseReply("4"), { value: 4, unit: "" });
  assert.deepEqual(parseReply(" 4 bits "), { value: 4, unit: "bits" });
  assert.deepEqual(parseReply("4bit"), { value: 4, unit: "bits" });
  assert.deepEqual(parseReply("2,77 Nats."), { value: 2.77, unit: "nats" });
  assert.deepEqual(parseReply("1/16"), { value: 0.0625, unit: "" });
  assert.deepEqual(parseReply("6.25e-2"), { value: 0.0625, unit: "" });
  assert.deepEqual(parseReply("\u22124.5 nat"), { value: -4.5, unit: "nats" });
  assert.deepEqual(parseReply("+4"), { value: 4, unit: "" });
  assert.deepEqual(parseReply("1e\u22122"), { value: 0.01, unit: "" });
  for (const [text, error] of [
    ["", "empty"],
    ["   ", "empty"],
    ["four", "not_a_number"],
    ["NaN", "not_a_number"],
    ["Infinity", "not_a_number"],
    ["4 5", "not_a_number"],
    ["1/0 bits", "divide_by_zero"],
    ["4 bans", "unknown_unit"],
    ["ln 16", "not_a_number"],
    // The messages every numeric field shares (number-input.js), not a unit called "e".
    ["1e", "exponent"],
    ["1e bits", "exponent"],
    ["2.5e-", "exponent"],
    ["1e999", "infinite"],
    ["1e999 nats", "infinite"],
    ["bits", "not_a_number"],
    ["9".repeat(200), "too_long"],
  ]) {
    const parsed = parseReply(text);
    assert.equal(parsed.error, error, text);
    assert.equal(parsed.message, MESSAGES[error], text);
  }
});

test("accepts: absolute and relative margins, edges included", () => {
  assert.ok(accepts(BITS, 4.01) && accepts(BITS, 3.99) && !accepts(BITS, 4.0101));
  assert.ok(accepts(NATS, 2.7726 * 1.01) && !accepts(NATS, 2.7726 * 1.0101));
  assert.ok(accepts({ value: 3072, unit: "", tolerance: 0, relative: false }, 3072));
  assert.ok(!accepts({ value: 3072, unit: "", tolerance: 0, relative: false }, 3072.5));
});

test("judge: right, wrong, and the right amount in the wrong unit", () => {
  assert.deepEqual(judge(BITS, "4"), { status: "correct", message: "Correct: 4 bits." });
  assert.equal(judge(BITS, "4.005 bits").status, "correct");
  assert.deepEqual(judge(BITS, "5"), { status: "wrong", message: "Not quite: the answer is 4 bits." });
  // A bare number that is the answer in nats: say so, and how to convert.
  const bare = judge(BITS, "2.77");
  assert.equal(bare.status, "unit");
  assert.match(bare.message, /^Wrong unit: 2\.77 is the answer in nats, and the question asks for bits\./);
  assert.match(bare.message, /bits = nats ÷ ln 2/);
  // The right amount, typed in the other unit.
  const typed = judge(BITS, "2.7726 nats");
  assert.equal(typed.status, "unit");
  assert.equal(typed.message, "Right amount, wrong unit: 2.773 nats is 4 bits, and the question asks for bits.");
  // A wrong amount in the other unit is converted in the feedback, never NaN.
  assert.deepEqual(judge(BITS, "2 nats"), {
    status: "wrong",
    message: "Not quite: 2 nats is 2.885 bits; the answer is 4 bits.",
  });
  assert.equal(judge(NATS, "4 bits").status, "unit");
  assert.equal(judge(NATS, "2.75").status, "correct");
  assert.equal(judge(PLAIN, "1/16").status, "correct");
  assert.deepEqual(judge(PLAIN, "0.0625 bits"), { status: "invalid", message: MESSAGES.unit_not_wanted });
  for (const text of ["", "abc", "4 bans"]) {
    const verdict = judge(BITS, text);
    assert.equal(verdict.status, "invalid");
    assert.doesNotMatch(verdict.message, /NaN|undefined|Infinity/);
  }
});

test("shown: four significant figures, no trailing zeros", () => {
  assert.equal(shown(4), "4");
  assert.equal(shown(2.772588722), "2.773");
  assert.equal(shown(0.0625), "0.0625");
});
