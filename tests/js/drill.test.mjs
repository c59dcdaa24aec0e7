// Pure logic of the spot-the-causality-bug drill: no DOM needed.
import assert from "node:assert/strict";
import { test } from "node:test";

import {
  answerOf,
  ASK_LINE,
  ASK_VERDICT,
  drillMessage,
  lineVerdict,
} from "../../hooks/coursemd/assets/javascripts/widgets/drill.js";
import { grade } from "../../hooks/coursemd/assets/javascripts/widgets/quiz.js";

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

test("a stored drill answer is one index, graded like a single-answer question", () => {
  assert.equal(grade([4], [4]).correct, true);
  assert.equal(grade([2], [4]).correct, false);
});
