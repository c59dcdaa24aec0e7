// The flashcards' Leitner schedule, without a DOM: node --test tests/js/flashcards.test.mjs
import assert from "node:assert/strict";
import { test } from "node:test";

import {
  INTERVALS,
  LAST_BOX,
  counts,
  dayNumber,
  dueText,
  grade,
  isDue,
  nextDueIn,
  order,
  shuffle,
  stateOf,
} from "../../hooks/coursemd/assets/javascripts/widgets/flashcards-schedule.js";

const TODAY = 20_000;
const NEW = { box: 0, due: null, reviews: 0 };

test("the boxes wait 0, 1, 3, 7, 14 and 30 days", () => {
  assert.deepEqual(INTERVALS, [0, 1, 3, 7, 14, 30]);
  assert.equal(LAST_BOX, 5);
});

test("a card nobody graded is new and due", () => {
  assert.deepEqual(stateOf({}, "c1"), NEW);
  assert.equal(isDue(NEW, TODAY), true);
  assert.equal(dueText(NEW, TODAY), "new");
});

test("good moves a card up one box and schedules it that box's interval ahead", () => {
  let state = NEW;
  const seen = [];
  for (let i = 0; i < 7; i += 1) {
    state = grade(state, "good", TODAY);
    seen.push([state.box, state.due - TODAY]);
  }
  assert.deepEqual(seen, [
    [1, 1],
    [2, 3],
    [3, 7],
    [4, 14],
    [5, 30],
    [5, 30],
    [5, 30],
  ]);
  assert.equal(state.reviews, 7);
});

test("again sends a card back to box 0, due the same day", () => {
  const learned = { box: 4, due: TODAY, reviews: 4 };
  const state = grade(learned, "again", TODAY);
  assert.deepEqual(state, { box: 0, due: TODAY, reviews: 5 });
  assert.equal(isDue(state, TODAY), true);
});

test("an unknown grade is refused", () => {
  assert.throws(() => grade(NEW, "easy", TODAY), RangeError);
});

test("a card is due on its due day and after, not before", () => {
  const state = grade(NEW, "good", TODAY); // due tomorrow
  assert.equal(isDue(state, TODAY), false);
  assert.equal(isDue(state, TODAY + 1), true);
  assert.equal(isDue(state, TODAY + 9), true);
  assert.equal(dueText(state, TODAY), "due tomorrow");
  assert.equal(dueText({ box: 2, due: TODAY + 3, reviews: 2 }, TODAY), "due in 3 days");
  assert.equal(dueText(state, TODAY + 1), "due now");
});

test("counts: due includes new cards; learned means out of box 0", () => {
  const states = {
    a: { box: 1, due: TODAY + 1, reviews: 1 }, // learned, not due
    b: { box: 2, due: TODAY - 2, reviews: 3 }, // learned, overdue
    c: { box: 0, due: TODAY, reviews: 2 }, // missed today
  };
  assert.deepEqual(counts(["a", "b", "c", "d"], states, TODAY), { due: 3, learned: 2, total: 4 });
});

test("order: due cards first (new, then most overdue), then the rest by due day", () => {
  const states = {
    a: { box: 3, due: TODAY + 7, reviews: 3 },
    b: { box: 1, due: TODAY - 1, reviews: 1 },
    c: { box: 0, due: TODAY, reviews: 1 },
    e: { box: 1, due: TODAY + 1, reviews: 1 },
  };
  assert.deepEqual(order(["a", "b", "c", "d", "e"], states, TODAY), ["d", "b", "c", "e", "a"]);
});

test("order keeps the given order among equals, so a shuffled deck stays shuffled", () => {
  assert.deepEqual(order(["x", "y", "z"], {}, TODAY), ["x", "y", "z"]);
  assert.deepEqual(order(["z", "x", "y"], {}, TODAY), ["z", "x", "y"]);
});

test("shuffle permutes a copy and leaves the input alone", () => {
  const ids = ["a", "b", "c", "d", "e"];
  let seed = 7;
  const random = () => {
    seed = (seed * 16807) % 2147483647;
    return (seed - 1) / 2147483646;
  };
  const out = shuffle(ids, random);
  assert.deepEqual([...out].sort(), ids);
  assert.notDeepEqual(out, ids);
  assert.deepEqual(ids, ["a", "b", "c", "d", "e"]);
});

test("stored state that is missing or corrupt reads as a new card", () => {
  assert.deepEqual(stateOf({ a: "nonsense" }, "a"), NEW);
  assert.deepEqual(stateOf({ a: { box: 99, due: "soon", reviews: -1 } }, "a"), { box: LAST_BOX, due: null, reviews: 0 });
  assert.deepEqual(stateOf(null, "a"), NEW);
});

test("nextDueIn: null while something is due, else the days to the soonest card", () => {
  assert.equal(nextDueIn(["a"], {}, TODAY), null);
  const states = { a: { box: 2, due: TODAY + 3, reviews: 2 }, b: { box: 1, due: TODAY + 1, reviews: 1 } };
  assert.equal(nextDueIn(["a", "b"], states, TODAY), 1);
});

test("dayNumber counts local calendar days", () => {
  const monday = new Date(2026, 10, 23, 0, 5);
  const lateMonday = new Date(2026, 10, 23, 23, 55);
  const tuesday = new Date(2026, 10, 24, 0, 1);
  assert.equal(dayNumber(monday), dayNumber(lateMonday));
  assert.equal(dayNumber(tuesday), dayNumber(monday) + 1);
  assert.equal(dayNumber(new Date(2026, 2, 1)) - dayNumber(new Date(2026, 1, 28)), 1);
});
