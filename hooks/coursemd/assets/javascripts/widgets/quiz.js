// The quiz widget, and the choice engine the drill widget shares.
//
// Markup is the API (coursemd/quiz.py renders it): each .quiz__question holds a stem, a list
// of .quiz__option items with data-correct, and a <details> with the key and explanation.
// mount() turns the options into radio buttons (one right answer) or checkboxes (several),
// adds a Check button per question, gives feedback in words and icons (never colour alone),
// keeps the student's answers in localStorage (storage.js) and fires quiz:answered and
// quiz:completed. On markup it does not understand it leaves the readable fallback alone.
import { el } from "./dom.js";
import { answerFrom, judge as judgeNumeric } from "./quiz-numeric.js";
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

/**
 * Keep only a stored state that fits this quiz (questions removed or options changed since).
 * `shape[q]` is a choice question's option count, or "text" for a typed answer.
 */
export function cleanState(state, shape) {
  const clean = { seed: Number.isInteger(state?.seed) ? state.seed : null, answers: {}, checked: {} };
  if (!state || typeof state !== "object") return clean;
  for (const [key, answer] of Object.entries(state.answers ?? {})) {
    const q = Number(key);
    if (!Number.isInteger(q) || q < 0 || q >= shape.length) continue;
    const fits =
      shape[q] === "text"
        ? typeof answer === "string" && answer.length <= 200
        : Array.isArray(answer) && answer.every((i) => Number.isInteger(i) && i >= 0 && i < shape[q]);
    if (fits) {
      clean.answers[q] = answer;
      if (state.checked?.[key] === true) clean.checked[q] = true;
    }
  }
  return clean;
}

// --- DOM ---------------------------------------------------------------------------------------

/**
 * The options of a choice question as radio buttons (one right answer) or checkboxes.
 * Returns the controller mountChoices drives:
 *   element            what replaced the static list (actions and feedback go after it)
 *   read()             the answer as stored: option indices, or text
 *   missing(answer)    why the answer cannot be checked yet (shown in the message line), or null
 *   judge(answer)      { correct, message }, or null when the reason is shown by the question itself
 *   show(answer) / clear() / restore(answer) / focus() / onInput(listener) / onEnter?(listener)
 */
function choiceQuestion(root, spec, item, q, seed) {
  const kind = spec.kind;
  const order = spec.shuffle ? shuffledOrder(item.options.length, seed + q) : item.options.map((_, i) => i);
  const multiple = item.correct.length > 1;
  const name = `${root.id}-${q + 1}`;
  const group = questionSet(root, spec, item, q, `${kind}__choices`);
  if (!multiple) group.setAttribute("role", "radiogroup");
  const list = el("ul", { class: `${kind}__choice-list` });
  const inputs = order.map((original, position) => {
    const li = el("li", { class: `${kind}__choice` });
    const label = el("label", { class: `${kind}__label` });
    const input = el("input", { type: multiple ? "checkbox" : "radio", name, value: String(original) });
    const tag = el("span", { class: `${kind}__letter` }, spec.label(position, original));
    const body = el("span", { class: `${kind}__text` });
    body.append(tag, " ", ...item.options[original].content());
    const verdict = el("span", { class: `${kind}__verdict` });
    label.append(input, body);
    li.append(label, verdict);
    const note = item.options[original].feedback;
    if (note) {
      note.hidden = true;
      li.append(note);
    }
    list.append(li);
    return { input, li, verdict, note, original, position };
  });
  group.append(list);
  item.list.replaceWith(group);

  const picked = () => inputs.filter((x) => x.input.checked).map((x) => x.original);
  return {
    element: group,
    read: picked,
    missing: (chosen) => (chosen.length ? null : spec.empty),
    restore(chosen) {
      for (const x of inputs) x.input.checked = (chosen ?? []).includes(x.original);
    },
    judge(chosen) {
      const ok = grade(item.correct, chosen).correct;
      const rightPositions = inputs.filter((x) => item.correct.includes(x.original)).map((x) => x.position);
      return { correct: ok, message: spec.message(ok, rightPositions, item, chosen) };
    },
    show(chosen) {
      for (const x of inputs) {
        x.input.disabled = true;
        const isRight = item.correct.includes(x.original);
        const isPicked = chosen.includes(x.original);
        x.li.classList.toggle("is-right", isRight);
        x.li.classList.toggle("is-wrong", isPicked && !isRight);
        x.li.classList.toggle("is-picked", isPicked);
        x.verdict.textContent = spec.verdict(isRight, isPicked);
        if (x.note) x.note.hidden = !(isPicked || isRight);
      }
    },
    clear() {
      for (const x of inputs) {
        x.input.disabled = false;
        x.input.checked = false;
        x.li.classList.remove("is-right", "is-wrong", "is-picked");
        x.verdict.textContent = "";
        if (x.note) x.note.hidden = true;
      }
    },
    focus: () => inputs[0].input.focus(),
    onInput: (listener) => group.addEventListener("change", listener),
  };
}

/**
 * A question's answer area as a <fieldset>. Its <legend> ("Question 2", for screen readers;
 * the list shows the number) and the stem name it together, because a stem may hold
 * paragraphs, math or code, which a legend may not.
 */
function questionSet(root, spec, item, q, className) {
  const legendId = `${root.id}-${q + 1}-legend`;
  const set = el("fieldset", { class: className, "aria-labelledby": `${legendId} ${item.labelId}` });
  const legend = el("legend", { id: legendId, class: `${spec.kind}__legend` }, `Question ${q + 1}`);
  set.append(legend);
  return set;
}

/** A typed numeric answer: a labelled text field with its own error line (see quiz-numeric.js). */
function numericQuestion(root, spec, item, q) {
  const kind = spec.kind;
  const id = `${root.id}-${q + 1}-answer`;
  const field = questionSet(root, spec, item, q, `${kind}__field`);
  const label = el("label", { for: id, class: `${kind}__field-label` }, item.prompt.textContent);
  const input = el("input", {
    id,
    type: "text",
    class: `${kind}__input`,
    autocomplete: "off",
    spellcheck: "false",
    "aria-describedby": `${id}-error`,
  });
  // Its own live region: Check leaves focus in the field, so the reason must be announced.
  const error = el("p", { id: `${id}-error`, class: `${kind}__field-error`, "aria-live": "polite" });
  field.append(label, input, error);
  item.prompt.replaceWith(field);
  let status = null;
  const setError = (text) => {
    error.textContent = text;
    if (text) input.setAttribute("aria-invalid", "true");
    else input.removeAttribute("aria-invalid");
  };
  input.addEventListener("input", () => setError(""));
  return {
    element: field,
    read: () => input.value,
    missing: () => null, // judge() says what is wrong with the input, beside the field
    restore(text) {
      input.value = text ?? "";
    },
    judge(text) {
      const verdict = judgeNumeric(item.key, text);
      status = verdict.status;
      if (verdict.status === "invalid") {
        setError(verdict.message);
        return null;
      }
      setError("");
      const correct = verdict.status === "correct";
      return { correct, message: `${correct ? "✓" : "✗"} ${verdict.message}` };
    },
    show() {
      input.readOnly = true;
      field.classList.toggle("is-right", status === "correct");
      field.classList.toggle("is-wrong", status !== "correct");
    },
    clear() {
      input.readOnly = false;
      input.value = "";
      setError("");
      field.classList.remove("is-right", "is-wrong");
    },
    focus: () => input.focus(),
    onInput: (listener) => input.addEventListener("input", listener),
    onEnter: (listener) =>
      input.addEventListener("keydown", (event) => {
        if (event.key === "Enter" && !input.readOnly) {
          event.preventDefault();
          listener();
        }
      }),
  };
}

/**
 * Mount a block of choice items. `kind` names events, storage and classes; `spec` says where
 * things are in the markup and how options are named (see QUIZ below and drill.js). An item
 * read with `numeric: true` gets a text field instead of options; `spec.question`, if given,
 * builds each item's controller itself (the drill's verdict-then-line choice).
 */
export function mountChoices(root, spec) {
  const kind = spec.kind;
  const items = [...root.querySelectorAll(spec.item)].map((item, index) => spec.read(item, index));
  const usable = (item) => item && (item.numeric ? item.key : item.options.length && item.correct.length);
  if (!items.length || !items.every(usable)) {
    console.error(`${kind}: unexpected markup in #${root.id}; showing the static version`);
    return null;
  }
  const key = pageKey(kind, root.id);
  const state = cleanState(
    load(key, null),
    items.map((item) => (item.numeric ? "text" : item.options.length)),
  );
  if (spec.shuffle && state.seed === null) state.seed = Math.floor(Math.random() * 2 ** 31);
  const results = {};
  const persist = () => save(key, state);

  root.classList.add(`${kind}--interactive`);
  const scoreLine = el("p", { class: `${kind}__score`, role: "status", "aria-live": "polite" });

  items.forEach((item, q) => {
    item.answer.hidden = true;
    const build = spec.question ?? (item.numeric ? numericQuestion : choiceQuestion);
    const question = build(root, spec, item, q, state.seed);

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
    question.element.after(actions, feedback);

    const show = (answer, verdict, announce) => {
      question.show(answer);
      message.textContent = verdict.message;
      message.className = `${kind}__message ${verdict.correct ? "is-right" : "is-wrong"}`;
      if (item.explanation) item.explanation.hidden = false;
      check.hidden = true;
      again.hidden = false;
      results[q] = verdict.correct;
      updateScore();
      if (announce) {
        again.focus();
        root.dispatchEvent(
          new CustomEvent(`${kind}:answered`, {
            bubbles: true,
            detail: { id: root.id, item: q + 1, correct: verdict.correct, chosen: answer },
          }),
        );
        const total = score(results, items.length);
        if (total.done) {
          const detail = { id: root.id, ...total };
          root.dispatchEvent(new CustomEvent(`${kind}:completed`, { bubbles: true, detail }));
        }
      }
    };

    const clear = () => {
      question.clear();
      message.textContent = "";
      message.className = `${kind}__message`;
      if (item.explanation) item.explanation.hidden = true;
      check.hidden = false;
      again.hidden = true;
      delete results[q];
      delete state.answers[q];
      delete state.checked[q];
    };

    const submit = () => {
      const answer = question.read();
      const missing = question.missing(answer);
      if (missing) {
        message.textContent = missing;
        message.className = `${kind}__message is-missing`;
        question.focus();
        return;
      }
      const verdict = question.judge(answer);
      if (!verdict) {
        question.focus(); // the reason is beside the field
        return;
      }
      state.answers[q] = answer;
      state.checked[q] = true;
      persist();
      show(answer, verdict, true);
    };
    check.addEventListener("click", submit);
    question.onEnter?.(submit);
    again.addEventListener("click", () => {
      clear();
      persist();
      updateScore();
      question.focus();
    });
    question.onInput(() => {
      if (message.classList.contains("is-missing")) {
        message.textContent = "";
        message.className = `${kind}__message`;
      }
      state.answers[q] = question.read();
      persist();
    });

    // Restore what this student chose, typed or checked before.
    question.restore(state.answers[q]);
    if (state.checked[q]) {
      const verdict = question.judge(state.answers[q]);
      if (verdict) show(state.answers[q], verdict, false);
      else delete state.checked[q];
    }
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
    const answer = question.querySelector(":scope > .quiz__answer");
    if (!stem?.id || !answer) return null;
    const explanation = answer.querySelector(":scope > .quiz__explanation");
    if (question.dataset.kind === "numeric") {
      const prompt = question.querySelector(":scope > .quiz__numeric");
      const key = prompt && answerFrom(prompt.dataset);
      return key ? { numeric: true, labelId: stem.id, prompt, key, answer, explanation } : null;
    }
    const list = question.querySelector(":scope > .quiz__options");
    if (!list) return null;
    const notes = new Map(
      [...answer.querySelectorAll(":scope > .quiz__option-feedback > li[data-option]")].map((li) => [
        Number(li.dataset.option),
        li,
      ]),
    );
    const options = [...list.children].map((li, index) => {
      li.querySelector(":scope > .quiz__letter, :scope > p:first-child > .quiz__letter")?.remove();
      const note = notes.get(index);
      let feedback = null;
      if (note) {
        note.querySelector(":scope > .quiz__letter, :scope > p:first-child > .quiz__letter")?.remove();
        feedback = el("div", { class: "quiz__note" });
        feedback.append(...note.childNodes);
      }
      return { correct: li.dataset.correct === "true", content: () => detach(li), feedback };
    });
    return {
      labelId: stem.id,
      list,
      answer,
      options,
      correct: options.flatMap((o, i) => (o.correct ? [i] : [])),
      explanation,
    };
  },
};

export function mount(root) {
  return mountChoices(root, { ...QUIZ, shuffle: root.dataset.shuffle === "true" });
}
