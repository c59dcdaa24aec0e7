// Pure logic of the seeded exercise: judging a reply, the seed in the address. No DOM needed.
import assert from "node:assert/strict";
import { test } from "node:test";

import { check, inUnit, otherSeed, seedFrom } from "../../hooks/coursemd/assets/javascripts/widgets/exercise.js";
import { MESSAGES } from "../../hooks/coursemd/assets/javascripts/widgets/quiz-numeric.js";

const LN2 = Math.log(2);

// P(ill | +) of one Bayes variant: 1% tolerance, two named mistakes.
const posterior = {
  value: 0.5128205128205128,
  unit: "",
  tolerance: 1,
  relative: true,
  either: false,
  mistakes: [
    { value: 0.8, unit: "", html: "That is the <em>sensitivity</em>." },
    { value: 0.04, unit: "", html: "The numerator alone." },
  ],
};

// An NLL in nats that the student may give in bits, with a mistake in each unit.
const nll = {
  value: 2.8134107167600364,
  unit: "nats",
  tolerance: 0.014,
  relative: false,
  either: true,
  mistakes: [
    { value: 2.8134107167600364 / LN2, unit: "nats", html: "That is in bits." },
    { value: 2.8134107167600364, unit: "bits", html: "That is in nats." },
  ],
};

test("a right answer passes within its tolerance, typed as the quiz reads numbers", () => {
  for (const text of ["0.5128", "0.513", "0,51", "0.5077", "20/39", "5.128e-1"]) {
    assert.equal(check(posterior, text).status, "correct", text);
  }
  assert.equal(check(posterior, "0.513").message, "✓ Correct: 0.5128.");
  assert.notEqual(check(posterior, "0.505").status, "correct");
});

test("each mistake gets its own message, within the tolerance of its value", () => {
  assert.deepEqual(check(posterior, "0.8"), { status: "mistake", message: "✗ Not quite. ", html: "That is the <em>sensitivity</em>." });
  assert.equal(check(posterior, "0.805").html, "That is the <em>sensitivity</em>.");
  assert.equal(check(posterior, "0.04").html, "The numerator alone.");
  assert.equal(check(posterior, "0.0403").html, "The numerator alone.");
});

test("close, wrong and unreadable replies", () => {
  assert.deepEqual(check(posterior, "0.53"), { status: "close", message: "✗ Close, but not within ±1%: keep more digits." });
  assert.deepEqual(check(posterior, "0.3"), { status: "wrong", message: "✗ Not yet: check your working and try again." });
  assert.deepEqual(check(posterior, "seven"), { status: "invalid", message: MESSAGES.not_a_number });
  assert.deepEqual(check(posterior, ""), { status: "invalid", message: MESSAGES.empty });
  assert.deepEqual(check(posterior, "0.5 nats"), { status: "invalid", message: MESSAGES.unit_not_wanted });
});

test("nats or bits: the chosen unit, or the one typed, and each unit's own mistakes", () => {
  assert.equal(check(nll, "2.81", "nats").status, "correct");
  assert.equal(check(nll, "4.06", "bits").status, "correct");
  assert.equal(check(nll, "4.06 bits", "nats").status, "correct"); // the typed unit wins
  assert.equal(check(nll, "4.06", "nats").html, "That is in bits.");
  assert.equal(check(nll, "2.81", "bits").html, "That is in nats.");
  assert.equal(check(nll, "2.81 nats", "bits").status, "correct");
});

test("an answer asked in one unit: the quiz's messages for the other", () => {
  const fixed = { ...nll, either: false, mistakes: [] };
  assert.equal(
    check(fixed, "4.059 bits").message,
    "✗ Right amount, wrong unit: 4.059 bits is 2.813 nats, and the question asks for nats.",
  );
  assert.equal(check(fixed, "4.059").status, "unit");
  assert.equal(check(fixed, "9 bits").status, "wrong");
});

test("inUnit converts the value and an absolute margin, not a percentage", () => {
  const bits = inUnit(nll, "bits");
  assert.ok(Math.abs(bits.value - 4.0589) < 1e-4 && Math.abs(bits.tolerance - 0.014 / LN2) < 1e-12);
  assert.equal(inUnit({ ...nll, relative: true, tolerance: 1 }, "bits").tolerance, 1);
  assert.equal(inUnit(nll, "nats"), nll);
});

test("the seed in the address: #<id>=<seed>, beside anchors and other widgets' keys", () => {
  assert.equal(seedFrom("#screening=7", "screening", 40), 7);
  assert.equal(seedFrom("#a-heading&calculator-1=the:0.4&screening=39", "screening", 40), 39);
  for (const hash of ["", "#screening", "#screening=40", "#screening=-1", "#screening=1.5", "#screening=x", "#other=3"]) {
    assert.equal(seedFrom(hash, "screening", 40), null, hash);
  }
});

test("a new variant is never the one on screen", () => {
  for (const r of [0, 0.2, 0.5, 0.999]) {
    for (const current of [0, 3, 9]) {
      const next = otherSeed(current, 10, () => r);
      assert.ok(next !== current && next >= 0 && next < 10, `${current} -> ${next}`);
    }
  }
  assert.equal(otherSeed(0, 1), 0);
});
