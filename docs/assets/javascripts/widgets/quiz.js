// The quiz widget, and the choice engine the drill widget shares.
//
// Markup is the API (coursemd/quiz.py renders it): each .quiz__question holds a stem, a list
// of .quiz__option items with data-correct, and a <details> with the key and explanation.
// mount() turns the options into radio buttons (one right answer) or checkboxes (several),
// adds a Check button per question, gives feedback in words and icons (never colour alone),
// keeps the student's answers in localStorage (storage.js) and fires quiz:answered and
// quiz:completed. On markup it does not understand it leaves the readable fallback alone.
import { load, pageKey, remove, save } from "./storage.js";

// --- Pure logic (tested in tests/js/quiz.test.mjs, no DOM) ----------------------------------

const LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";

/** Compare a choice with the key: right only if exactly the right options are chosen. */
export function grade(correct, chosen) {
  const right = new Set(correct);
  const picked = new Set(chosen);
  const missed = correct.filter((i) => !picked.has(i));
  const wrong = chosen.filter((i) => !right.has(i));
  return { correct: missed.length === 0 && wrong.length === 0 && chosen.length > 0, missed, wrong };
}

/** A small seeded generator (mulberry32): the same seed gives the same order on every visit. */
export function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A permutation of 0..n-1 (Fisher-Yates) fixed by the seed. */
export function shuffledOrder(n, seed) {
  const order = Array.from({ length: n }, (_, i) => i);
  const next = random(seed);
  for (let i = n - 1; i > 0; i -= 1) {
    const j = Math.floor(next() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}

/** 'B', 'A and C', 'A, B and D' from display positions. */
export function letterList(positions) {
  const names = [...positions].sort((a, b) => a - b).map((i) => LETTERS[i]);
  if (names.length <= 1) return names.join("");
  return `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
}

/** The score line: how many checked, how many right, out of how many. */
export function score(results, total) {
  const checked = Object.values(results).filter((r) => r !== undefined && r !== null);
  const right = checked.filter(Boolean).length;
  return { checked: checked.length, right, total, done: checked.length === total };
}

/** Keep only a stored state that fits this quiz (questions removed or options changed since). */
export function cleanState(state, shape) {
  const clean = { seed: Number.isInteger(state?.seed) ? state.seed : null, answers: {}, checked: {} };
  if (!state || typeof state !== "object") return clean;
  for (const [key, chosen] of Object.entries(state.answers ?? {})) {
    const q = Number(key);
    if (!Number.isInteger(q) || q < 0 || q >= shape.length || !Array.isArray(chosen)) continue;
    if (chosen.every((i) => Number.isInteger(i) && i >= 0 && i < shape[q])) {
      clean.answers[q] = chosen;
      if (state.checked?.[key] === true) clean.checked[q] = true;
    }
  }
  return clean;
}

// --- DOM ---------------------------------------------------------------------------------------

const el = (tag, attrs = {}, text) => {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, value);
  if (text !== undefined) node.textContent = text;
  return node;
};

/**
 * Mount a block of choice items. `kind` names events, storage and classes; `spec` says where
 * things are in the markup and how options are named (see QUIZ below and drill.js).
 */
export function mountChoices(root, spec) {
  const kind = spec.kind;
  const items = [...root.querySelectorAll(spec.item)].map((item, index) => spec.read(item, index));
  if (!items.length || items.some((item) => !item || !item.options.length || !item.correct.length)) {
    console.error(`${kind}: unexpected markup in #${root.id}; showing the static version`);
    return null;
  }
  const key = pageKey(kind, root.id);
  const state = cleanState(
    load(key, null),
    items.map((item) => item.options.length),
  );
  if (spec.shuffle && state.seed === null) state.seed = Math.floor(Math.random() * 2 ** 31);
  const results = {};
  const persist = () => save(key, state);

  root.classList.add(`${kind}--interactive`);
  const scoreLine = el("p", { class: `${kind}__score`, role: "status", "aria-live": "polite" });

  items.forEach((item, q) => {
    const order = spec.shuffle ? shuffledOrder(item.options.length, state.seed + q) : item.options.map((_, i) => i);
    const multiple = item.correct.length > 1;
    const name = `${root.id}-${q + 1}`;
    item.answer.hidden = true;

    const group = el("div", {
      class: `${kind}__choices`,
      role: multiple ? "group" : "radiogroup",
      "aria-labelledby": item.labelId,
    });
    const list = el("ul", { class: `${kind}__choice-list` });
    const inputs = [];
    order.forEach((original, position) => {
      const li = el("li", { class: `${kind}__choice` });
      const label = el("label", { class: `${kind}__label` });
      const input = el("input", { type: multiple ? "checkbox" : "radio", name, value: String(original) });
      const tag = el("span", { class: `${kind}__letter` }, spec.label(position, original));
      const body = el("span", { class: `${kind}__text` });
      body.append(tag, " ", ...item.options[original].content());
      const verdict = el("span", { class: `${kind}__verdict` });
      label.append(input, body);
      li.append(label, verdict);
      list.append(li);
      inputs.push({ input, li, verdict, original, position });
    });
    group.append(list);
    item.list.replaceWith(group);

    const actions = el("div", { class: `${kind}__actions` });
    const check = el("button", { type: "button", class: `md-button ${kind}__check` }, "Check");
    const again = el("button", { type: "button", class: `md-button ${kind}__again`, hidden: "" }, "Try again");
    actions.append(check, again);
    const feedback = el("div", { class: `${kind}__feedback`, "aria-live": "polite" });
    const message = el("p", { class: `${kind}__message` });
    feedback.append(message);
    if (item.explanation) {
      item.explanation.hidden = true;
      feedback.append(item.explanation);
    }
    group.after(actions, feedback);

    const chosen = () => inputs.filter((x) => x.input.checked).map((x) => x.original);

    const show = (announce) => {
      const picked = chosen();
      const result = grade(item.correct, picked);
      const rightPositions = inputs.filter((x) => item.correct.includes(x.original)).map((x) => x.position);
      for (const x of inputs) {
        x.input.disabled = true;
        const isRight = item.correct.includes(x.original);
        const isPicked = picked.includes(x.original);
        x.li.classList.toggle("is-right", isRight);
        x.li.classList.toggle("is-wrong", isPicked && !isRight);
        x.li.classList.toggle("is-picked", isPicked);
        x.verdict.textContent = spec.verdict(isRight, isPicked);
      }
      message.textContent = spec.message(result.correct, rightPositions, item);
      message.className = `${kind}__message ${result.correct ? "is-right" : "is-wrong"}`;
      if (item.explanation) item.explanation.hidden = false;
      check.hidden = true;
      again.hidden = false;
      results[q] = result.correct;
      updateScore();
      if (announce) {
        again.focus();
        root.dispatchEvent(
          new CustomEvent(`${kind}:answered`, {
            bubbles: true,
            detail: { id: root.id, item: q + 1, correct: result.correct, chosen: picked },
          }),
        );
        const total = score(results, items.length);
        if (total.done) {
          root.dispatchEvent(new CustomEvent(`${kind}:completed`, { bubbles: true, detail: { id: root.id, ...total } }));
        }
      }
    };

    const clear = () => {
      for (const x of inputs) {
        x.input.disabled = false;
        x.input.checked = false;
        x.li.classList.remove("is-right", "is-wrong", "is-picked");
        x.verdict.textContent = "";
      }
      message.textContent = "";
      message.className = `${kind}__message`;
      if (item.explanation) item.explanation.hidden = true;
      check.hidden = false;
      again.hidden = true;
      delete results[q];
      delete state.answers[q];
      delete state.checked[q];
    };

    check.addEventListener("click", () => {
      const picked = chosen();
      if (!picked.length) {
        message.textContent = spec.empty;
        message.className = `${kind}__message`;
        inputs[0].input.focus();
        return;
      }
      state.answers[q] = picked;
      state.checked[q] = true;
      persist();
      show(true);
    });
    again.addEventListener("click", () => {
      clear();
      persist();
      updateScore();
      inputs[0].input.focus();
    });
    group.addEventListener("change", () => {
      state.answers[q] = chosen();
      persist();
    });

    // Restore what this student chose or checked before.
    for (const x of inputs) x.input.checked = (state.answers[q] ?? []).includes(x.original);
    if (state.checked[q]) show(false);
    item.clear = clear;
  });

  const footer = el("div", { class: `${kind}__footer` });
  const reset = el("button", { type: "button", class: `md-button ${kind}__reset` }, "Start over");
  reset.addEventListener("click", () => {
    items.forEach((item) => item.clear());
    remove(key);
    state.answers = {};
    state.checked = {};
    updateScore();
    scoreLine.textContent = `All answers cleared. ${scoreLine.textContent}`;
    root.querySelector("input")?.focus();
  });
  footer.append(scoreLine, reset);
  root.append(footer);

  function updateScore() {
    const s = score(results, items.length);
    scoreLine.textContent = s.checked
      ? `${s.right} of ${s.total} ${spec.noun(s.total)} right${s.done ? "." : ` (${s.checked} checked so far).`}`
      : `${s.total} ${spec.noun(s.total)}, none checked yet.`;
  }
  updateScore();
  persist();
  return { items, state };
}

// --- The quiz ----------------------------------------------------------------------------------

/** Take a list item's content out, unwrapping paragraphs so it fits inside a <label>. */
export const detach = (node) => {
  const nodes = [];
  for (const child of [...node.childNodes]) {
    child.remove();
    if (child.nodeName === "P") nodes.push(...child.childNodes, document.createTextNode(" "));
    else nodes.push(child);
  }
  return nodes;
};

const QUIZ = {
  kind: "quiz",
  item: ".quiz__question",
  empty: "Choose an answer first.",
  noun: (n) => (n === 1 ? "question" : "questions"),
  label: (position) => `${LETTERS[position]}.`,
  verdict: (isRight, isPicked) => {
    if (isRight && isPicked) return "✓ Right, your choice";
    if (isRight) return "✓ Right answer";
    if (isPicked) return "✗ Wrong, your choice";
    return "";
  },
  message: (ok, rightPositions) => {
    const many = rightPositions.length > 1;
    if (ok) return "✓ Correct.";
    return `✗ Not quite. The right ${many ? "answers are" : "answer is"} ${letterList(rightPositions)}.`;
  },
  read(question) {
    const stem = question.querySelector(":scope > .quiz__stem");
    const list = question.querySelector(":scope > .quiz__options");
    const answer = question.querySelector(":scope > .quiz__answer");
    if (!stem?.id || !list || !answer) return null;
    const options = [...list.children].map((li) => {
      li.querySelector(":scope > .quiz__letter, :scope > p:first-child > .quiz__letter")?.remove();
      return { correct: li.dataset.correct === "true", content: () => detach(li) };
    });
    return {
      labelId: stem.id,
      list,
      answer,
      options,
      correct: options.flatMap((o, i) => (o.correct ? [i] : [])),
      explanation: answer.querySelector(".quiz__explanation"),
    };
  },
};

export function mount(root) {
  return mountChoices(root, { ...QUIZ, shuffle: root.dataset.shuffle === "true" });
}
