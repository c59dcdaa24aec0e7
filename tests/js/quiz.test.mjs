// Pure logic of the quiz widget (and the choice engine the drill shares): no DOM needed.
import assert from "node:assert/strict";
import { test } from "node:test";

import { cleanState, score } from "../../hooks/coursemd/assets/javascripts/widgets/choices.js";
import { grade, letterList, random, shuffledOrder } from "../../hooks/coursemd/assets/javascripts/widgets/quiz.js";

test("grade: right only when exactly the right options are chosen", () => {
  assert.deepEqual(grade([1], [1]), { correct: true, missed: [], wrong: [] });
  assert.deepEqual(grade([1], [0]), { correct: false, missed: [1], wrong: [0] });
  assert.deepEqual(grade([0, 2], [0]), { correct: false, missed: [2], wrong: [] });
  assert.deepEqual(grade([0, 2], [2, 0]), { correct: true, missed: [], wrong: [] });
  assert.deepEqual(grade([0, 2], [0, 1, 2]), { correct: false, missed: [], wrong: [1] });
  assert.equal(grade([0], []).correct, false);
});

test("random: the same seed gives the same numbers in [0, 1)", () => {
  const a = random(42);
  const b = random(42);
  const xs = Array.from({ length: 100 }, () => a());
  assert.deepEqual(xs, Array.from({ length: 100 }, () => b()));
  assert.ok(xs.every((x) => x >= 0 && x < 1));
  assert.notDeepEqual(xs, Array.from({ length: 100 }, random(43)));
});

test("shuffledOrder: a stable permutation of 0..n-1", () => {
  for (const n of [1, 2, 4, 7]) {
    for (const seed of [0, 1, 123456789, 2 ** 31 - 1]) {
      const order = shuffledOrder(n, seed);
      assert.deepEqual([...order].sort((x, y) => x - y), Array.from({ length: n }, (_, i) => i));
      assert.deepEqual(shuffledOrder(n, seed), order);
    }
  }
  // Over many seeds every option lands first sometimes (no option is stuck in place).
  const firsts = new Set(Array.from({ length: 200 }, (_, seed) => shuffledOrder(4, seed)[0]));
  assert.deepEqual([...firsts].sort(), [0, 1, 2, 3]);
});

test("letterList: names display positions in order", () => {
  assert.equal(letterList([1]), "B");
  assert.equal(letterList([2, 0]), "A and C");
  assert.equal(letterList([0, 1, 3]), "A, B and D");
  assert.equal(letterList([]), "");
});

test("score: counts checked and right items", () => {
  assert.deepEqual(score({}, 6), { checked: 0, right: 0, total: 6, done: false });
  assert.deepEqual(score({ 0: true, 2: false }, 3), { checked: 2, right: 1, total: 3, done: false });
  assert.deepEqual(score({ 0: true, 1: true, 2: false }, 3), { checked: 3, right: 2, total: 3, done: true });
});

test("cleanState: keeps only answers that fit the quiz as it is now", () => {
  const shape = [4, 3];
  assert.deepEqual(cleanState(null, shape), { seed: null, answers: {}, checked: {} });
  assert.deepEqual(cleanState("garbage", shape), { seed: null, answers: {}, checked: {} });
  const stored = {
    seed: 7,
    answers: { 0: [3], 1: [5], 2: [0], x: [0] },
    checked: { 0: true, 1: true, 2: true },
  };
  // Question 1 lost an option and question 3 is gone: their answers are dropped.
  assert.deepEqual(cleanState(stored, shape), { seed: 7, answers: { 0: [3] }, checked: { 0: true } });
  assert.equal(cleanState({ seed: 1.5 }, shape).seed, null);
});

test("cleanState: a typed answer is kept as text, and only for a numeric question", () => {
  const shape = [2, "text"];
  const stored = { answers: { 0: "4", 1: "4 bits" }, checked: { 0: true, 1: true } };
  assert.deepEqual(cleanState(stored, shape), { seed: null, answers: { 1: "4 bits" }, checked: { 1: true } });
  assert.deepEqual(cleanState({ answers: { 1: [0] } }, shape).answers, {});
  assert.deepEqual(cleanState({ answers: { 1: "9".repeat(201) } }, shape).answers, {});
});
