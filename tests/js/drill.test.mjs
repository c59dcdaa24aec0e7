// Pure logic of the spot-the-causality-bug drill: no DOM needed.
import assert from "node:assert/strict";
import { test } from "node:test";

import { drillMessage, NO_BUG } from "../../docs/assets/javascripts/widgets/drill.js";
import { grade } from "../../docs/assets/javascripts/widgets/quiz.js";

test("drillMessage says whether the verdict or the line was wrong", () => {
  // Four steps, so option 4 is "No bug".
  assert.equal(drillMessage(true, 2, 4, 2), "✓ Right: step 3 leaks the future.");
  assert.equal(drillMessage(true, 4, 4, 4), "✓ Right: this model is causal, no step sees the future.");
  // A wrong verdict, either way.
  assert.equal(drillMessage(false, 0, 4, 4), "✗ It does leak the future: the bug is in step 1.");
  assert.equal(drillMessage(false, 4, 4, 1), "✗ This model is causal: step 2 does not leak, and no other step does.");
  // The right verdict at the wrong line.
  assert.equal(drillMessage(false, 2, 4, 0), "✗ Right that it leaks, but not at step 1: the bug is in step 3.");
});

test("a drill answer is one choice: a step or No bug", () => {
  assert.equal(grade([4], [4]).correct, true);
  assert.equal(grade([2], [4]).correct, false);
  assert.match(NO_BUG, /^No bug/);
});
