// The one number reader every numeric field uses (quiz, exercise, calculator), without a DOM.
import assert from "node:assert/strict";
import { test } from "node:test";

import { MAX_LENGTH, MESSAGES, parseNumber, unfinished } from "../../hooks/coursemd/assets/javascripts/widgets/number-input.js";
import * as nll from "../../hooks/coursemd/assets/javascripts/widgets/nll-math.js";
import { parseReply } from "../../hooks/coursemd/assets/javascripts/widgets/quiz-numeric.js";

const value = (text) => parseNumber(text).value;

test("the forms a student writes are read, in every field alike", () => {
  const cases = [
    ["0.25", 0.25],
    [".25", 0.25],
    ["0,25", 0.25],
    ["1/4", 0.25],
    [" 1 / 4 ", 0.25],
    ["2.5e-1", 0.25],
    ["2.5E-1", 0.25],
    ["+0.25", 0.25],
    ["  0.25\t", 0.25],
    ["\u22121", -1], // the typographic minus, as the lesson's math prints it
    ["\u22121/4", -0.25],
    ["1e\u22122", 0.01],
    ["-0", 0],
  ];
  for (const [text, expected] of cases) {
    assert.equal(value(text), expected, text);
    assert.ok(!Object.is(value(text), -0), text);
    // The calculator reads it (as a logit, which may be negative) and the quiz reads it the same.
    assert.equal(nll.parseLogit(text).value, expected, `logit ${text}`);
    assert.deepEqual(parseReply(text), { value: expected, unit: "" }, `quiz ${text}`);
  }
  assert.equal(nll.parseProbability("\u22120").value, 0);
  assert.equal(nll.parseProbability("\u22121").error, "negative");
});

test("everything else gets a message, never NaN or Infinity", () => {
  const cases = [
    ["", "empty"],
    ["   ", "empty"],
    [null, "empty"],
    ["1e", "exponent"],
    ["2.5E-", "exponent"],
    ["1e+", "exponent"],
    ["1e999", "infinite"],
    ["-1e999", "infinite"],
    ["1e999/2", "infinite"],
    ["1e308/1e-308", "infinite"],
    ["NaN", "not_a_number"],
    ["Infinity", "not_a_number"],
    ["-Infinity", "not_a_number"],
    ["0x10", "not_a_number"],
    ["1 000", "not_a_number"],
    ["½", "not_a_number"],
    ["１", "not_a_number"],
    ["--1", "not_a_number"],
    ["\u2212\u22121", "not_a_number"],
    ["1/2/3", "not_a_number"],
    ["<img src=x onerror=alert(1)>", "not_a_number"],
    ["1/0", "divide_by_zero"],
    ["0/0", "divide_by_zero"],
    ["1".repeat(MAX_LENGTH + 1), "too_long"],
    ["x".repeat(100_000), "too_long"],
  ];
  for (const [text, error] of cases) {
    const parsed = parseNumber(text);
    assert.deepEqual(parsed, { value: null, error, message: MESSAGES[error] }, String(text).slice(0, 40));
    for (const shown of [nll.parseProbability(text).message, nll.parseLogit(text).message, parseReply(text).message]) {
      assert.equal(shown, MESSAGES[error], `the same message in every field: ${String(text).slice(0, 40)}`);
    }
  }
  for (const message of Object.values(MESSAGES)) assert.doesNotMatch(message, /NaN|undefined|Infinity|</);
});

test("a very long text is refused at once", () => {
  const start = performance.now();
  for (let i = 0; i < 100; i++) parseNumber("1".repeat(1_000_000));
  assert.ok(performance.now() - start < 2000);
});

test("unfinished: a number still being typed is not yet an answer", () => {
  for (const text of ["0", "0.", "0,0", "2,", "1/", "3e-", "\u22123e", "+1e"]) assert.ok(unfinished(text), text);
  for (const text of ["", "0.5", "1/4", "3e-2", "abc", "1e999"]) assert.ok(!unfinished(text), text);
});
