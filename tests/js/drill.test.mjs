// Pure logic of the spot-the-causality-bug drill: no DOM needed.
import assert from "node:assert/strict";
import { test } from "node:test";

import { cleanState } from "../../hooks/coursemd/assets/javascripts/widgets/choices.js";
import { authorWording } from "../../hooks/coursemd/assets/javascripts/widgets/drill-words.js";
import {
  answerOf,
  ASK_LINE,
  ASK_VERDICT,
  causalWording,
  drillMessage,
  lineVerdict,
  wordsFrom,
} from "../../hooks/coursemd/assets/javascripts/widgets/drill.js";

test("drillMessage says whether the verdict or the line was wrong", () => {
  // Four lines, so answer 4 is "causal".
  assert.equal(drillMessage(true, 2, 4, 2), "✓ Right: line 3 leaks the future.");
  assert.equal(drillMessage(true, 4, 4, 4), "✓ Right: this model is causal, no line sees the future.");
  // A wrong verdict, either way.
  assert.equal(drillMessage(false, 0, 4, 4), "✗ It does leak the future: the bug is in line 1.");
  assert.equal(drillMessage(false, 4, 4, 1), "✗ This model is causal: line 2 does not leak, and no other line does.");
  // The right verdict at the wrong line.
  assert.equal(drillMessage(false, 2, 4, 0), "✗ Right that it leaks, but not at line 1: the bug is in line 3.");
});

test("answerOf: a verdict first, then a line for a leak", () => {
  assert.deepEqual(answerOf(null, null, 4), { answer: [], missing: ASK_VERDICT });
  assert.deepEqual(answerOf(null, 2, 4), { answer: [], missing: ASK_VERDICT });
  assert.deepEqual(answerOf("leaks", null, 4), { answer: [], missing: ASK_LINE });
  assert.deepEqual(answerOf("leaks", 0, 4), { answer: [0], missing: null });
  assert.deepEqual(answerOf("causal", null, 4), { answer: [4], missing: null });
});

test("lineVerdict: words for the line that leaks and for a wrong pick", () => {
  assert.equal(lineVerdict(true, true), "✓ The line that leaks, your pick");
  assert.equal(lineVerdict(true, false), "✓ The line that leaks");
  assert.equal(lineVerdict(false, true), "✗ Your pick: this line is causal");
  assert.equal(lineVerdict(false, false), "");
});

test("a stored drill answer is one index: a line, or one past the last line for no bug", () => {
  // Four lines, so a model has five options: the lines, then "causal".
  const stored = { answers: { 0: [4], 1: [2], 2: [5] }, checked: { 0: true, 1: true, 2: true } };
  assert.deepEqual(cleanState(stored, [5, 5, 5, 5]), { seed: null, answers: { 0: [4], 1: [2] }, checked: { 0: true, 1: true } });
});

test("a drill about another bug: its verdicts and its word for the bug, in every message", () => {
  const words = authorWording({ verdicts: ["Has a bug", "Correct"], bug: "off-by-one", item: ["loop", "loops"] });
  assert.equal(drillMessage(true, 1, 3, 1, words), "✓ Right: the off-by-one is in line 2.");
  assert.equal(drillMessage(true, 3, 3, 3, words), "✓ Right: this loop has no off-by-one.");
  assert.equal(drillMessage(false, 1, 3, 3, words), "✗ Not “Correct”: the off-by-one is in line 2.");
  assert.equal(drillMessage(false, 3, 3, 0, words), "✗ This loop has no off-by-one: line 1 is fine, and so are the others.");
  assert.equal(drillMessage(false, 1, 3, 0, words), "✗ Right verdict, but not line 1: the off-by-one is in line 2.");
  assert.deepEqual(answerOf(null, null, 3, words), { answer: [], missing: "Decide first: “Has a bug” or “Correct”?" });
  assert.deepEqual(answerOf("leaks", null, 3, words), { answer: [], missing: "Now pick the line with the off-by-one." });
  assert.equal(lineVerdict(true, false, words), "✓ The line with the off-by-one");
  assert.equal(lineVerdict(false, true, words), "✗ Your pick: this line is fine");
  assert.equal(words.lineQuestion, "Which line has the off-by-one? Pick it if one does.");
});

test("wordsFrom reads the data attributes drill.py writes, and falls back to today's words", () => {
  const options = wordsFrom({ verdicts: '["Wrong","Right"]', bug: "bug", item: '["query","queries"]', lineQuestion: "Which?" });
  assert.deepEqual(options, { verdicts: ["Wrong", "Right"], bug: "bug", item: ["query", "queries"], lineQuestion: "Which?" });
  const words = authorWording(options);
  assert.deepEqual(words.verdicts, ["Wrong", "Right"]);
  assert.deepEqual(words.item, ["query", "queries"]);
  assert.equal(words.lineQuestion, "Which?");
  assert.deepEqual(wordsFrom({}), { verdicts: null, bug: "bug", item: ["model", "models"], lineQuestion: null });
  const causal = causalWording(wordsFrom({}));
  assert.deepEqual(causal.verdicts, ["Leaks the future", "Causal: no line sees the future"]);
  assert.equal(causal.askVerdict, ASK_VERDICT);
  assert.equal(drillMessage(true, 2, 4, 2, causal), "✓ Right: line 3 leaks the future.");
  assert.equal(wordsFrom({ verdicts: "not json" }).verdicts, null, "unreadable verdicts: a causality drill");
  assert.deepEqual(causalWording({ item: ["query", "queries"] }).askVerdict, "Decide first: is this query causal, or does it leak the future?");
});
