// A flashcards deck: one card at a time, turned and graded by the student, on the Leitner
// schedule of ./flashcards-schedule.js, saved per page and deck with ./storage.js.
//
// Markup is the API. Python renders <div data-widget="flashcards" data-deck="..."> holding
// an <ol> of cards, each a question <div> and an answer <details>: readable without
// JavaScript. mount() hides that list and shows the same faces one card at a time.
//
// The card is a box of fixed size, so the buttons under it never move between cards (a long
// card scrolls inside it). "Show answer" opens the answer under the question, which stays in
// view, and the two grades take the button's place. The queue is fixed for the session (due
// cards first), so "Card 4 of 18" follows the student through it; a card graded "again"
// comes round once more at the end.
//
// Keys work only while focus is inside the deck, so they never fight page scrolling or
// another widget: Space or Enter flips the focused card, Left and Right move, 1 is "again"
// and 2 is "good" once the answer shows.
//
// Events (bubbling, on the deck's root): flashcards:flipped, flashcards:graded,
// flashcards:shuffled, flashcards:reset. Their detail names the deck and the card.
import { el, emit as dispatch, listen } from "./dom.js";
import { GRADES, LAST_BOX, counts, dayNumber, dueText, grade, isDue, nextDueIn, order, shuffle, stateOf } from "./flashcards-schedule.js";
import { load, pageKey, remove, save } from "./storage.js";

const STORE_VERSION = 1;
const INTERACTIVE = "a, button, input, select, textarea, summary, [contenteditable]";
// The keys, by the button each stands for.
const KEYS = { " ": "flip", Enter: "flip", ArrowLeft: "prev", ArrowRight: "next", 1: "again", 2: "good" };

const button = (action, attrs, ...content) =>
  el("button", { type: "button", class: "flashcards__button", "data-action": action, ...attrs }, ...content);
// Text that screen readers skip (the words around it, or the card's description, say it).
const hidden = (text, className, tag = "span") => el(tag, { class: className, "aria-hidden": "true" }, text);

/** Mount one deck; its state lives in this call. `root.flashcards.queue` is the session's order. */
export function mount(root) {
  const deckId = root.dataset.deck || root.id;
  const list = root.querySelector(".flashcards__cards");
  const cards = [...root.querySelectorAll(".flashcards__card")].map((item) => ({
    id: item.dataset.card,
    question: item.querySelector(".flashcards__question"),
    answer: item.querySelector(".flashcards__answer"),
  }));
  if (!deckId || !list || !cards.length || cards.some((c) => !c.id || !c.question || !c.answer)) {
    // Fail soft: the list of questions and answers stays as it is.
    console.error(`flashcards: deck '${deckId}' has no readable cards; showing the plain list`);
    return null;
  }
  const ids = cards.map((card) => card.id);
  const byId = new Map(cards.map((card) => [card.id, card]));
  const key = pageKey("flashcards", deckId);
  let states = loadStates(key);
  let shuffled = null; // a shuffled copy of ids while Shuffle is on
  let queue = [];
  let current;
  let flipped = false;
  let scrolled = false;
  let announcing;

  // --- Markup --------------------------------------------------------------------------------

  const id = root.id || `flashcards-${deckId}`;
  const face = (side, name) =>
    el(
      "div",
      { class: `flashcards__face flashcards__face--${side}`, id: `${id}-${side}` },
      hidden(name, "flashcards__side", "p"),
      el("div", "flashcards__content"),
    );
  const count = (name, words) => el("span", "flashcards__count", el("strong", { "data-count": name }), words);
  const whens = [];
  const gradeButton = (result, mark, name, shortcut) => {
    const when = el("span", { class: "flashcards__when", "data-when": result });
    whens.push([result, when]);
    const attrs = { class: `flashcards__button flashcards__button--${result}`, "aria-keyshortcuts": shortcut };
    const kbd = hidden(shortcut, "flashcards__key", "kbd");
    return button(result, attrs, hidden(mark, "flashcards__mark"), ` ${name} `, when, " ", kbd);
  };
  const countLine = el("p", "flashcards__counts", count("due", " due"), count("learned", " learned"), count("total", " in the deck"));
  const position = el("span", { "data-meta": "position" });
  const dueLine = el("span", { "data-meta": "due" });
  const front = face("front", "Question");
  const back = face("back", "Answer");
  const viewport = el(
    "div",
    {
      class: "flashcards__viewport",
      tabindex: "0",
      role: "group",
      "aria-roledescription": "flashcard",
      "aria-describedby": `${id}-keys`,
    },
    el("div", "flashcards__flip", front, back),
  );
  const flipButton = button(
    "flip",
    { class: "flashcards__button flashcards__button--primary", "aria-controls": `${id}-back` },
    "Show answer",
  );
  const grades = el(
    "div",
    { class: "flashcards__grades", role: "group", "aria-label": "How well did you know it?", hidden: true },
    gradeButton("again", "✗", "Again", "1"),
    gradeButton("good", "✓", "Good", "2"),
  );
  const status = el("p", { class: "flashcards__status", role: "status", "aria-live": "polite" });
  const app = el(
    "div",
    "flashcards__app",
    countLine,
    el("p", "flashcards__meta", position, " ", dueLine),
    viewport,
    el(
      "div",
      "flashcards__controls",
      button("prev", {}, hidden("←"), " Previous"),
      el("div", "flashcards__slot", flipButton, grades),
      button("next", {}, "Next ", hidden("→")),
    ),
    el(
      "div",
      "flashcards__tools",
      button("shuffle", { "aria-pressed": "false" }, "Shuffle"),
      button("reset", {}, "Reset schedule"),
    ),
    el(
      "p",
      { class: "flashcards__keys", id: `${id}-keys` },
      "Keys, while the deck has focus: Space or Enter flips the card, ← and → move, 1 means “again” and 2 “good”.",
    ),
    status,
  );
  list.hidden = true;
  list.after(app);

  // --- Events --------------------------------------------------------------------------------

  // One delegated listener per event type.
  listen(app, "click", (event) => {
    const pressed = event.target.closest("button[data-action]");
    if (pressed && app.contains(pressed)) {
      const action = pressed.dataset.action;
      act(action, pressed);
      // "Show answer" gives its place to the grades, which hide with the answer: keep the
      // keyboard on the card.
      if (action === "flip" || GRADES.includes(action)) viewport.focus({ preventScroll: true });
      return;
    }
    // A click anywhere on the card flips it, except on a link inside it or while selecting text.
    if (viewport.contains(event.target) && !event.target.closest(INTERACTIVE)) {
      if (String(window.getSelection?.() ?? "").length) return;
      flip();
    }
  });
  // Setting scrollTop makes the browser lay the whole page out first (100 ms on a slow phone,
  // issue 11), so the card is scrolled back to its top only when it has moved from there.
  listen(viewport, "scroll", () => (scrolled = true), { passive: true });
  listen(root, "keydown", (event) => {
    if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
    if (!app.contains(event.target)) return;
    const action = KEYS[event.key];
    // A focused button or link keeps its own Space and Enter; a grade waits for the answer.
    if (action === "flip" && event.target !== viewport && event.target.closest(INTERACTIVE)) return;
    if (!action || (GRADES.includes(action) && !flipped)) return;
    event.preventDefault();
    act(action);
  });

  function act(action, pressed) {
    if (action === "flip") flip();
    else if (action === "prev" || action === "next") move(action === "prev" ? -1 : 1);
    else if (action === "shuffle") toggleShuffle(pressed);
    else if (action === "reset") reset();
    else rate(action);
  }

  // --- Actions -------------------------------------------------------------------------------

  function show(cardId) {
    current = cardId;
    const card = byId.get(cardId);
    fill(front.lastChild, card.question.childNodes);
    fill(
      back.lastChild,
      [...card.answer.childNodes].filter((node) => node.nodeName !== "SUMMARY"),
    );
    setFlipped(false, false);
    scrollToTop();
    position.textContent = `Card ${queue.indexOf(cardId) + 1} of ${queue.length}`;
    dueLine.textContent = `(${dueText(stateOf(states, cardId), dayNumber())})`;
    viewport.dataset.card = cardId;
    // Each grade button says when the card would come back: the Leitner box made visible.
    const today = dayNumber();
    for (const [result, when] of whens) {
      const next = grade(stateOf(states, cardId), result, today);
      when.textContent = next.due === today ? "(today)" : `(${dueText(next, today).replace("due ", "")})`;
    }
  }

  function setFlipped(on, announced = true) {
    flipped = on;
    viewport.classList.toggle("is-flipped", on);
    // The question stays; the answer opens under it.
    if (on) back.removeAttribute("aria-hidden");
    else back.setAttribute("aria-hidden", "true");
    back.inert = !on;
    grades.hidden = !on;
    flipButton.hidden = on;
    flipButton.setAttribute("aria-expanded", String(on));
    viewport.setAttribute(
      "aria-label",
      `Card ${queue.indexOf(current) + 1} of ${ids.length}, ${on ? "question and answer" : "question"}`,
    );
    if (on) revealAnswer();
    else scrollToTop();
    if (announced) announce(on ? "Answer shown. Grade it: again or good." : "Answer hidden.");
  }

  // The answer opens right under the question, which stays in view; the card scrolls only
  // when a long question would leave the answer's first lines below its bottom edge.
  function revealAnswer() {
    const lines = 4 * (parseFloat(getComputedStyle(viewport).fontSize) || 16);
    viewport.scrollTop = Math.max(0, back.offsetTop + lines - viewport.clientHeight);
  }

  function scrollToTop() {
    if (!scrolled) return;
    viewport.scrollTop = 0;
    scrolled = false;
  }

  function flip() {
    setFlipped(!flipped);
    emit("flipped", { card: current, side: flipped ? "answer" : "question" });
  }

  function move(step) {
    const next = (queue.indexOf(current) + step + queue.length) % queue.length;
    show(queue[next]);
    announce(`Card ${next + 1} of ${queue.length}.`);
  }

  function rate(result) {
    const today = dayNumber();
    const cardId = current;
    const state = grade(stateOf(states, cardId), result, today);
    states = { ...states, [cardId]: state };
    saveStates();
    const { due } = updateCounts();
    // The queue keeps its order for the session, so the position counts on. The next card:
    // the first due one after this card (round to the start: a card graded "again" comes
    // back), else this one if still due, else (nothing due) the one after it, to keep browsing.
    const at = queue.indexOf(cardId);
    const rest = [...queue.slice(at + 1), ...queue.slice(0, at)];
    const nextDue = rest.find((other) => isDue(stateOf(states, other), today));
    const stillDue = isDue(state, today);
    show(nextDue ?? (stillDue ? cardId : rest[0] ?? cardId));
    const when = result === "again" ? "It comes back in this session" : `Next review ${dueText(state, today)}`;
    const left = due
      ? `${due} ${due === 1 ? "card" : "cards"} due.`
      : `All caught up: the next card is due ${plural(nextDueIn(ids, states, today))}.`;
    announce(`Marked ${result}, box ${state.box} of ${LAST_BOX}. ${when}. ${left}`);
    emit("graded", { card: cardId, grade: result, box: state.box, due: state.due, counts: countsNow() });
  }

  function toggleShuffle(pressed) {
    const on = pressed.getAttribute("aria-pressed") !== "true";
    pressed.setAttribute("aria-pressed", String(on));
    shuffled = on ? shuffle(ids) : null;
    queue = reorder();
    show(queue[0]);
    announce(on ? "Cards shuffled; due cards still come first." : "Cards back in deck order.");
    emit("shuffled", { shuffled: on });
  }

  function reset() {
    remove(key);
    states = {};
    queue = reorder();
    show(queue[0]);
    updateCounts();
    announce(`Schedule reset: all ${ids.length} cards are new and due.`);
    emit("reset", {});
  }

  // --- Helpers -------------------------------------------------------------------------------

  function saveStates() {
    // Only this deck's current cards: a card removed from the deck drops out of storage.
    const kept = {};
    for (const cardId of ids) if (states[cardId]) kept[cardId] = states[cardId];
    save(key, { version: STORE_VERSION, cards: kept });
  }

  function reorder() {
    return order(shuffled ?? ids, states, dayNumber());
  }

  function countsNow() {
    return counts(ids, states, dayNumber());
  }

  function updateCounts() {
    const now = countsNow();
    for (const [name, value] of Object.entries(now)) {
      countLine.querySelector(`[data-count="${name}"]`).textContent = String(value);
    }
    root.dataset.due = String(now.due);
    return now;
  }

  function announce(text) {
    // Clear first so that the same message twice in a row is read twice. A newer message
    // replaces one still waiting, so a quick flip-then-grade never ends on the flip's words.
    clearTimeout(announcing);
    status.textContent = "";
    announcing = setTimeout(() => {
      status.textContent = text;
    }, 30);
  }

  function emit(name, detail) {
    dispatch(root, `flashcards:${name}`, { deck: deckId, ...detail });
  }

  queue = reorder();
  show(queue[0]);
  updateCounts();
  const deck = {
    get queue() {
      return queue;
    },
  };
  root.flashcards = deck;
  return deck;
}

/** The states stored for this deck, or none if what is stored is not this version's. */
function loadStates(key) {
  const stored = load(key, null);
  if (!stored || stored.version !== STORE_VERSION || typeof stored.cards !== "object" || !stored.cards) return {};
  return stored.cards;
}

// The card shows copies of the list's faces. The copies drop their ids: the hidden list
// keeps the originals, which links and Material's copy buttons point at.
function fill(target, nodes) {
  const copies = [...nodes].map((node) => node.cloneNode(true));
  for (const copy of copies) {
    if (copy.nodeType !== Node.ELEMENT_NODE) continue;
    copy.removeAttribute("id");
    copy.querySelectorAll("[id]").forEach((el) => el.removeAttribute("id"));
  }
  target.replaceChildren(...copies);
}

function plural(days) {
  if (days === null) return "now";
  return days === 1 ? "tomorrow" : `in ${days} days`;
}
