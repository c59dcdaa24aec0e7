// nll-math.js against the shared vectors (hooks/coursemd/nll_vectors.json), with Node's test runner.
// The same vectors are checked in Python (tests/generator/test_nll_math.py) and in Chromium
// (tests/lessons/t19_02/test_calculator_in_browser.py).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";

import * as m from "../../hooks/coursemd/assets/javascripts/widgets/nll-math.js";

const vectors = JSON.parse(readFileSync(new URL("../../hooks/coursemd/nll_vectors.json", import.meta.url), "utf-8"));

// JSON has no infinity; the vectors spell it "Infinity", as JavaScript does.
const num = (x) => (x === "Infinity" ? Infinity : x === "-Infinity" ? -Infinity : x);

function close(actual, expected, what) {
  expected = num(expected);
  if (expected === null || typeof expected !== "number" || !Number.isFinite(expected)) {
    assert.equal(actual, expected, what);
    return;
  }
  assert.ok(Number.isFinite(actual), `${what}: ${actual} is not finite`);
  assert.ok(Math.abs(actual - expected) <= 1e-12 * Math.max(1, Math.abs(expected)), `${what}: ${actual} != ${expected}`);
}

test("sequences: joint, surprisal, NLL, mean, perplexity and the naive product", () => {
  for (const { name, probabilities, expected } of vectors.sequences) {
    const got = m.summarize(m.expand(probabilities));
    close(got.log_joint, expected.log_joint, `${name} log_joint`);
    assert.deepEqual(got.joint, expected.joint, `${name} joint`);
    expected.surprisal_nats.forEach((x, i) => close(got.surprisal_nats[i], x, `${name} surprisal_nats[${i}]`));
    expected.surprisal_bits.forEach((x, i) => close(got.surprisal_bits[i], x, `${name} surprisal_bits[${i}]`));
    for (const key of ["nll_nats", "nll_bits", "mean_nats", "mean_bits", "perplexity"]) {
      close(got[key], expected[key], `${name} ${key}`);
    }
    close(got.naive.product, expected.naive.product, `${name} naive product`);
    assert.equal(got.naive.subnormal_at, expected.naive.subnormal_at, `${name} subnormal_at`);
    assert.equal(got.naive.zero_at, expected.naive.zero_at, `${name} zero_at`);
  }
});

test("400 factors of 0.1: the joint is 1.00e-400 from log space, the float product is 0", () => {
  const got = m.summarize(Array(400).fill(0.1));
  assert.equal(got.joint.text, "1.00e-400");
  assert.equal(got.naive.product, 0);
  assert.equal(got.naive.zero_at, 324);
});

test("probability fields: values and messages", () => {
  for (const { input, expected } of vectors.probabilities) {
    assert.deepEqual(m.parseProbability(input), expected, JSON.stringify(input));
  }
});

test("logit fields: values and messages", () => {
  for (const { input, expected } of vectors.logits) {
    assert.deepEqual(m.parseLogit(input), expected, JSON.stringify(input));
  }
});

test("softmax and logsumexp, including logits of ±1000", () => {
  for (const { logits, target, expected } of vectors.softmax) {
    const got = m.softmax(logits, target);
    close(got.logsumexp, expected.logsumexp, "logsumexp");
    close(got.nll_nats, expected.nll_nats, "nll_nats");
    close(got.nll_bits, expected.nll_bits, "nll_bits");
    expected.probabilities.forEach((p, i) => close(got.probabilities[i], p, `p[${i}]`));
    expected.log_probs.forEach((p, i) => close(got.log_probs[i], p, `log p[${i}]`));
  }
});

test("display: scientific notation from the log, fixed decimals", () => {
  for (const { ln, expected } of vectors.scientific) assert.deepEqual(m.scientific(ln), expected, String(ln));
  for (const { x, digits, expected } of vectors.fixed) assert.equal(m.fixed(x, digits), expected, String(x));
  assert.equal(m.fixed(Infinity), "Infinity");
  assert.equal(m.fixed(NaN), "—");
});

test("nothing is ever NaN or undefined", () => {
  for (const ps of [[0], [0, 0], [1], [1e-300, 1e-300], Array(2000).fill(1e-300)]) {
    const got = m.summarize(ps);
    for (const key of ["nll_nats", "nll_bits", "mean_nats", "mean_bits", "perplexity", "log_joint"]) {
      assert.ok(!Number.isNaN(got[key]) && got[key] !== undefined, `${key} for ${ps.length} factors`);
    }
    assert.ok(!got.joint.text.includes("NaN"));
  }
});

test("URL fragment: rows and other widgets' keys round-trip, anchors are kept", () => {
  const rows = [["the", "0.4"], ["a:b,c", "1/3"], ["ünï", "0,25"], ["", "1e-5"]];
  assert.deepEqual(m.decodeRows(m.encodeRows(rows)), rows);
  let hash = m.withFragmentKey("#a-worked-example", "calculator-1", m.encodeRows(rows));
  hash = m.withFragmentKey(hash, "t19-02-fresh-sequence", "42");
  assert.ok(hash.startsWith("#a-worked-example&"));
  assert.deepEqual(m.decodeRows(m.fragmentValue(hash, "calculator-1")), rows);
  assert.equal(m.fragmentValue(hash, "t19-02-fresh-sequence"), "42");
  assert.equal(
    m.withFragmentKey(m.withFragmentKey(hash, "t19-02-fresh-sequence", null), "calculator-1", null),
    "#a-worked-example",
  );
  for (const bad of ["", "x", "a:%E0%A4%A", null]) assert.equal(m.decodeRows(bad), null);
});
