// Pure logic of the spot-the-causality-bug drill: no DOM needed.
import assert from "node:assert/strict";
import { test } from "node:test";

import { drillMessage, NO_BUG } from "../../docs/assets/javascripts/widgets/drill.js";
import { grade } from "../../docs/assets/javascripts/widgets/quiz.js";

test("drillMessage names the leaking step, or says the model is causal", () => {
  // Four steps, so option 4 is "No bug".
  assert.equal(drillMessage(true, 2, 4), "✓ Right: the bug is in step 3.");
  assert.equal(drillMessage(false, 0, 4), "✗ Not quite: the bug is in step 1.");
  assert.equal(drillMessage(true, 4, 4), "✓ Right: this model has no causality bug.");
  assert.equal(drillMessage(false, 4, 4), "✗ Not quite: this model has no causality bug.");
});

test("a drill answer is one choice: a step or No bug", () => {
  assert.equal(grade([4], [4]).correct, true);
  assert.equal(grade([2], [4]).correct, false);
  assert.match(NO_BUG, /^No bug/);
});
