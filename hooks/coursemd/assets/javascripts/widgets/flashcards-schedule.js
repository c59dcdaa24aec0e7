// The flashcards' review schedule: Leitner boxes, as pure functions (no DOM, no storage),
// so `node --test tests/js/flashcards.test.mjs` can check every rule.
//
// A card starts in box 0. "Good" moves it up one box, "Again" sends it back to box 0. The
// box decides how many days pass before the card is due again: 0, 1, 3, 7, 14, 30. A card
// is due on or after its due day; a card never graded is new, and due. Days are calendar
// days in the student's time zone, so a card due "tomorrow" is due all of tomorrow.

export const INTERVALS = Object.freeze([0, 1, 3, 7, 14, 30]);
export const LAST_BOX = INTERVALS.length - 1;
export const GRADES = Object.freeze(["again", "good"]);

const DAY_MS = 86_400_000;

/** The calendar day of `date` in local time, as a whole number of days since 1970-01-01. */
export function dayNumber(date = new Date()) {
  return Math.round(Date.UTC(date.getFullYear(), date.getMonth(), date.getDate()) / DAY_MS);
}

/** A card's state, or the state of a new card. Tolerates missing or corrupt stored data. */
export function stateOf(states, id) {
  const raw = states?.[id];
  if (!raw || typeof raw !== "object") return { box: 0, due: null, reviews: 0 };
  const box = Number.isInteger(raw.box) ? Math.min(Math.max(raw.box, 0), LAST_BOX) : 0;
  const due = Number.isInteger(raw.due) ? raw.due : null;
  const reviews = Number.isInteger(raw.reviews) && raw.reviews > 0 ? raw.reviews : 0;
  return { box, due, reviews };
}

/** The state after grading a card on `today`. */
export function grade(state, result, today) {
  if (!GRADES.includes(result)) throw new RangeError(`unknown grade ${JSON.stringify(result)}`);
  const box = result === "good" ? Math.min(state.box + 1, LAST_BOX) : 0;
  return { box, due: today + INTERVALS[box], reviews: state.reviews + 1 };
}

/** Whether a card is due on `today` (new cards are). */
export function isDue(state, today) {
  return state.due === null || state.due <= today;
}

/** A card counts as learned once its last grade was "good" (it has left box 0). */
export function isLearned(state) {
  return state.box > 0;
}

/** The counts a student sees: due now, learned, total. */
export function counts(ids, states, today) {
  let due = 0;
  let learned = 0;
  for (const id of ids) {
    const state = stateOf(states, id);
    if (isDue(state, today)) due += 1;
    if (isLearned(state)) learned += 1;
  }
  return { due, learned, total: ids.length };
}

/**
 * The review order: due cards first (new cards, then the most overdue, lower boxes first),
 * then the cards not yet due, soonest first. Ties keep the order of `ids`: the deck's
 * order, or a shuffled copy of it (see shuffle).
 */
export function order(ids, states, today) {
  const tiebreak = new Map(ids.map((id, index) => [id, index]));
  const key = (id) => {
    const state = stateOf(states, id);
    const due = isDue(state, today);
    return [due ? 0 : 1, state.due ?? -Infinity, due ? state.box : 0, tiebreak.get(id)];
  };
  const keys = new Map(ids.map((id) => [id, key(id)]));
  return [...ids].sort((a, b) => {
    const ka = keys.get(a);
    const kb = keys.get(b);
    for (let i = 0; i < ka.length; i += 1) {
      if (ka[i] !== kb[i]) return ka[i] < kb[i] ? -1 : 1;
    }
    return 0;
  });
}

/** A Fisher-Yates shuffle of a copy of `items`. */
export function shuffle(items, random = Math.random) {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** When a card is next due, in words: "new", "due now", "due tomorrow", "due in 3 days". */
export function dueText(state, today) {
  if (state.due === null) return "new";
  const days = state.due - today;
  if (days <= 0) return "due now";
  if (days === 1) return "due tomorrow";
  return `due in ${days} days`;
}

/** The days until the next card falls due, or null when some card is due now (or none exist). */
export function nextDueIn(ids, states, today) {
  let soonest = null;
  for (const id of ids) {
    const state = stateOf(states, id);
    if (isDue(state, today)) return null;
    soonest = soonest === null ? state.due - today : Math.min(soonest, state.due - today);
  }
  return soonest;
}
