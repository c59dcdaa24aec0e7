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
import { el } from "./dom.js";
import { GRADES, LAST_BOX, counts, dayNumber, dueText, grade, isDue, nextDueIn, order, shuffle, stateOf } from "./flashcards-schedule.js";
import { load, pageKey, remove, save } from "./storage.js";

const STORE_VERSION = 1;
const INTERACTIVE = "a, button, input, select, textarea, summary, [contenteditable]";
// The keys, by the button each stands for.
const KEYS = { " ": "flip", Enter: "flip", ArrowLeft: "prev", ArrowRight: "next", 1: "again", 2: "good" };

export function mount(root) {
  const deck = new FlashcardDeck(root);
  root.flashcards = deck;
  return deck;
}

const button = (action, attrs, ...content) =>
  el("button", { type: "button", class: "flashcards__button", "data-action": action, ...attrs }, ...content);
const hidden = (text) => el("span", { "aria-hidden": "true" }, text);

// Its state is private (esbuild shortens # names); `queue`, the session's order, can be read.
class FlashcardDeck {
  #root;
  #deckId;
  #list;
  #ids;
  #byId;
  #key;
  #states;
  #shuffled = null; // a shuffled copy of #ids while Shuffle is on
  #flipped = false;
  #current;
  #scrolled = false;
  #announcing;
  #app;
  #viewport;
  #question; // the front face's content
  #back;
  #grades;
  #flipButton;
  #status;
  #meta;
  #counts;
  #when;
  queue;

  constructor(root) {
    this.#root = root;
    this.#deckId = root.dataset.deck || root.id;
    this.#list = root.querySelector(".flashcards__cards");
    const cards = [...root.querySelectorAll(".flashcards__card")].map((item) => ({
      id: item.dataset.card,
      question: item.querySelector(".flashcards__question"),
      answer: item.querySelector(".flashcards__answer"),
    }));
    if (!this.#deckId || !this.#list || !cards.length || cards.some((c) => !c.id || !c.question || !c.answer)) {
      // Fail soft: the list of questions and answers stays as it is.
      console.error(`flashcards: deck '${this.#deckId}' has no readable cards; showing the plain list`);
      return;
    }
    this.#ids = cards.map((card) => card.id);
    this.#byId = new Map(cards.map((card) => [card.id, card]));
    this.#key = pageKey("flashcards", this.#deckId);
    this.#states = this.#loadStates();
    this.#build();
    this.queue = this.#reorder();
    this.#show(this.queue[0]);
    this.#updateCounts();
  }

  // --- State ---------------------------------------------------------------------------------

  #loadStates() {
    const stored = load(this.#key, null);
    if (!stored || stored.version !== STORE_VERSION || typeof stored.cards !== "object" || !stored.cards) return {};
    return stored.cards;
  }

  #saveStates() {
    // Only this deck's current cards: a card removed from the deck drops out of storage.
    const cards = {};
    for (const id of this.#ids) if (this.#states[id]) cards[id] = this.#states[id];
    save(this.#key, { version: STORE_VERSION, cards });
  }

  #reorder() {
    return order(this.#shuffled ?? this.#ids, this.#states, dayNumber());
  }

  // --- Markup --------------------------------------------------------------------------------

  #build() {
    const id = this.#root.id || `flashcards-${this.#deckId}`;
    const face = (side, name) =>
      el(
        "div",
        { class: `flashcards__face flashcards__face--${side}`, id: `${id}-${side}` },
        el("p", { class: "flashcards__side", "aria-hidden": "true" }, name),
        el("div", { class: "flashcards__content" }),
      );
    const count = (name, words) => el("span", { class: "flashcards__count" }, el("strong", { "data-count": name }), words);
    const gradeButton = (result, mark, name, key) => {
      const when = el("span", { class: "flashcards__when", "data-when": result });
      this.#when.push([result, when]);
      const attrs = { class: `flashcards__button flashcards__button--${result}`, "aria-keyshortcuts": key };
      const kbd = el("kbd", { class: "flashcards__key", "aria-hidden": "true" }, key);
      return button(result, attrs, el("span", { class: "flashcards__mark", "aria-hidden": "true" }, mark), ` ${name} `, when, " ", kbd);
    };
    this.#when = [];
    this.#counts = el("p", { class: "flashcards__counts" }, count("due", " due"), count("learned", " learned"), count("total", " in the deck"));
    this.#meta = [el("span", { "data-meta": "position" }), el("span", { "data-meta": "due" })];
    const front = face("front", "Question");
    this.#question = front.lastChild;
    this.#back = face("back", "Answer");
    this.#viewport = el(
      "div",
      {
        class: "flashcards__viewport",
        tabindex: "0",
        role: "group",
        "aria-roledescription": "flashcard",
        "aria-describedby": `${id}-keys`,
      },
      el("div", { class: "flashcards__flip" }, front, this.#back),
    );
    this.#flipButton = button(
      "flip",
      { class: "flashcards__button flashcards__button--primary", "aria-controls": `${id}-back` },
      "Show answer",
    );
    this.#grades = el(
      "div",
      { class: "flashcards__grades", role: "group", "aria-label": "How well did you know it?", hidden: true },
      gradeButton("again", "✗", "Again", "1"),
      gradeButton("good", "✓", "Good", "2"),
    );
    this.#status = el("p", { class: "flashcards__status", role: "status", "aria-live": "polite" });
    const app = el(
      "div",
      { class: "flashcards__app" },
      this.#counts,
      el("p", { class: "flashcards__meta" }, this.#meta[0], " ", this.#meta[1]),
      this.#viewport,
      el(
        "div",
        { class: "flashcards__controls" },
        button("prev", {}, hidden("←"), " Previous"),
        el("div", { class: "flashcards__slot" }, this.#flipButton, this.#grades),
        button("next", {}, "Next ", hidden("→")),
      ),
      el(
        "div",
        { class: "flashcards__tools" },
        button("shuffle", { "aria-pressed": "false" }, "Shuffle"),
        button("reset", {}, "Reset schedule"),
      ),
      el(
        "p",
        { class: "flashcards__keys", id: `${id}-keys` },
        "Keys, while the deck has focus: Space or Enter flips the card, ← and → move, 1 means “again” and 2 “good”.",
      ),
      this.#status,
    );
    this.#list.hidden = true;
    this.#list.after(app);
    this.#app = app;

    // One delegated listener per event type.
    app.addEventListener("click", (event) => this.#onClick(event));
    // Setting scrollTop makes the browser lay the whole page out first (100 ms on a slow phone,
    // issue 11), so the card is scrolled back to its top only when it has moved from there.
    this.#viewport.addEventListener("scroll", () => (this.#scrolled = true), { passive: true });
    this.#root.addEventListener("keydown", (event) => this.#onKey(event));
  }

  // --- Events --------------------------------------------------------------------------------

  #onClick(event) {
    const button = event.target.closest("button[data-action]");
    if (button && this.#app.contains(button)) {
      const action = button.dataset.action;
      this.#act(action, button);
      // "Show answer" gives its place to the grades, which hide with the answer: keep the
      // keyboard on the card.
      if (action === "flip" || GRADES.includes(action)) this.#viewport.focus({ preventScroll: true });
      return;
    }
    // A click anywhere on the card flips it, except on a link inside it or while selecting text.
    if (this.#viewport.contains(event.target) && !event.target.closest(INTERACTIVE)) {
      if (String(window.getSelection?.() ?? "").length) return;
      this.#flip();
    }
  }

  #onKey(event) {
    if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
    if (!this.#app.contains(event.target)) return;
    const action = KEYS[event.key];
    // A focused button or link keeps its own Space and Enter; a grade waits for the answer.
    if (action === "flip" && event.target !== this.#viewport && event.target.closest(INTERACTIVE)) return;
    if (!action || (GRADES.includes(action) && !this.#flipped)) return;
    event.preventDefault();
    this.#act(action);
  }

  #act(action, button) {
    if (action === "flip") this.#flip();
    else if (action === "prev" || action === "next") this.#move(action === "prev" ? -1 : 1);
    else if (action === "shuffle") this.#toggleShuffle(button);
    else if (action === "reset") this.#reset();
    else this.#rate(action);
  }

  // --- Actions -------------------------------------------------------------------------------

  #show(id) {
    this.#current = id;
    const card = this.#byId.get(id);
    fill(this.#question, card.question.childNodes);
    fill(
      this.#back.lastChild,
      [...card.answer.childNodes].filter((node) => node.nodeName !== "SUMMARY"),
    );
    this.#setFlipped(false, false);
    this.#scrollToTop();
    const index = this.queue.indexOf(id);
    const position = `Card ${index + 1} of ${this.queue.length}`;
    this.#meta[0].textContent = position;
    this.#meta[1].textContent = `(${dueText(this.#stateOf(id), dayNumber())})`;
    this.#viewport.dataset.card = id;
    // Each grade button says when the card would come back: the Leitner box made visible.
    const today = dayNumber();
    for (const [result, when] of this.#when) {
      const next = grade(this.#stateOf(id), result, today);
      when.textContent = next.due === today ? "(today)" : `(${dueText(next, today).replace("due ", "")})`;
    }
  }

  #stateOf(id) {
    return stateOf(this.#states, id);
  }

  #setFlipped(flipped, announce = true) {
    this.#flipped = flipped;
    this.#viewport.classList.toggle("is-flipped", flipped);
    // The question stays; the answer opens under it.
    if (flipped) this.#back.removeAttribute("aria-hidden");
    else this.#back.setAttribute("aria-hidden", "true");
    this.#back.inert = !flipped;
    this.#grades.hidden = !flipped;
    this.#flipButton.hidden = flipped;
    this.#flipButton.setAttribute("aria-expanded", String(flipped));
    const index = this.queue ? this.queue.indexOf(this.#current) + 1 : 1;
    this.#viewport.setAttribute(
      "aria-label",
      `Card ${index} of ${this.#ids.length}, ${flipped ? "question and answer" : "question"}`,
    );
    if (flipped) this.#revealAnswer();
    else this.#scrollToTop();
    if (announce) this.#announce(flipped ? "Answer shown. Grade it: again or good." : "Answer hidden.");
  }

  // The answer opens right under the question, which stays in view; the card scrolls only
  // when a long question would leave the answer's first lines below its bottom edge.
  #revealAnswer() {
    const box = this.#viewport;
    const lines = 4 * (parseFloat(getComputedStyle(box).fontSize) || 16);
    box.scrollTop = Math.max(0, this.#back.offsetTop + lines - box.clientHeight);
  }

  #scrollToTop() {
    if (!this.#scrolled) return;
    this.#viewport.scrollTop = 0;
    this.#scrolled = false;
  }

  #flip() {
    this.#setFlipped(!this.#flipped);
    this.#emit("flipped", { card: this.#current, side: this.#flipped ? "answer" : "question" });
  }

  #move(step) {
    const index = this.queue.indexOf(this.#current);
    const next = (index + step + this.queue.length) % this.queue.length;
    this.#show(this.queue[next]);
    this.#announce(`Card ${next + 1} of ${this.queue.length}.`);
  }

  #rate(result) {
    const today = dayNumber();
    const id = this.#current;
    const state = grade(this.#stateOf(id), result, today);
    this.#states = { ...this.#states, [id]: state };
    this.#saveStates();
    const { due } = this.#updateCounts();
    // The queue keeps its order for the session, so the position counts on. The next card:
    // the first due one after this card (round to the start: a card graded "again" comes
    // back), else this one if still due, else (nothing due) the one after it, to keep browsing.
    const at = this.queue.indexOf(id);
    const rest = [...this.queue.slice(at + 1), ...this.queue.slice(0, at)];
    const nextDue = rest.find((other) => isDue(this.#stateOf(other), today));
    const stillDue = isDue(state, today);
    this.#show(nextDue ?? (stillDue ? id : rest[0] ?? id));
    const when = result === "again" ? "It comes back in this session" : `Next review ${dueText(state, today)}`;
    const left = due
      ? `${due} ${due === 1 ? "card" : "cards"} due.`
      : `All caught up: the next card is due ${plural(nextDueIn(this.#ids, this.#states, today))}.`;
    this.#announce(`Marked ${result}, box ${state.box} of ${LAST_BOX}. ${when}. ${left}`);
    this.#emit("graded", { card: id, grade: result, box: state.box, due: state.due, counts: this.#countsNow() });
  }

  #toggleShuffle(button) {
    const on = button.getAttribute("aria-pressed") !== "true";
    button.setAttribute("aria-pressed", String(on));
    this.#shuffled = on ? shuffle(this.#ids) : null;
    this.queue = this.#reorder();
    this.#show(this.queue[0]);
    this.#announce(on ? "Cards shuffled; due cards still come first." : "Cards back in deck order.");
    this.#emit("shuffled", { shuffled: on });
  }

  #reset() {
    remove(this.#key);
    this.#states = {};
    this.queue = this.#reorder();
    this.#show(this.queue[0]);
    this.#updateCounts();
    this.#announce(`Schedule reset: all ${this.#ids.length} cards are new and due.`);
    this.#emit("reset", {});
  }

  // --- Helpers -------------------------------------------------------------------------------

  #countsNow() {
    return counts(this.#ids, this.#states, dayNumber());
  }

  #updateCounts() {
    const now = this.#countsNow();
    for (const [name, value] of Object.entries(now)) {
      this.#counts.querySelector(`[data-count="${name}"]`).textContent = String(value);
    }
    this.#root.dataset.due = String(now.due);
    return now;
  }

  #announce(text) {
    // Clear first so that the same message twice in a row is read twice. A newer message
    // replaces one still waiting, so a quick flip-then-grade never ends on the flip's words.
    window.clearTimeout(this.#announcing);
    this.#status.textContent = "";
    this.#announcing = window.setTimeout(() => {
      this.#status.textContent = text;
    }, 30);
  }

  #emit(name, detail) {
    this.#root.dispatchEvent(
      new CustomEvent(`flashcards:${name}`, { bubbles: true, detail: { deck: this.#deckId, ...detail } }),
    );
  }
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
