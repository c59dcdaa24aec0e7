// The quiz widget.
//
// Markup is the API (coursemd/quiz.py renders it): each .quiz__question holds a stem, a list
// of .quiz__option items with data-correct, and a <details> with the key and explanation.
// mount() turns the options into radio buttons (one right answer) or checkboxes (several), or
// a typed answer into a text field, and hands them to the choice engine it shares with the
// drill (choices.js: a Check button per question, feedback in words and icons, never colour
// alone, the answers kept in localStorage, quiz:answered and quiz:completed). On markup it
// does not understand it leaves the readable fallback alone.
import { detach, mark, mountChoices, option, unmark } from "./choices.js";
import { child, el, listen } from "./dom.js";
import { answerFrom, judge as judgeNumeric } from "./quiz-numeric.js";

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

// --- DOM ---------------------------------------------------------------------------------------

/** The options of a choice question as radio buttons (one right answer) or checkboxes. */
function choiceQuestion(root, spec, item, q, seed) {
  const order = spec.shuffle ? shuffledOrder(item.options.length, seed + q) : item.options.map((_, i) => i);
  const multiple = item.correct.length > 1;
  const name = `${root.id}-${q + 1}`;
  const group = questionSet(root, item, q, "quiz__choices");
  if (!multiple) group.setAttribute("role", "radiogroup");
  const list = el("ul", "quiz__choice-list");
  const inputs = order.map((original, position) => {
    const attrs = { type: multiple ? "checkbox" : "radio", name, value: String(original) };
    const choice = option("quiz", attrs, `${LETTERS[position]}.`, item.options[original].content());
    const note = item.options[original].feedback;
    if (note) {
      note.hidden = true;
      choice.li.append(note);
    }
    list.append(choice.li);
    return { ...choice, note, original, position };
  });
  group.append(list);
  item.list.replaceWith(group);

  const picked = () => inputs.filter((x) => x.input.checked).map((x) => x.original);
  return {
    element: group,
    read: picked,
    missing: (chosen) => (chosen.length ? null : "Choose an answer first."),
    restore(chosen) {
      for (const x of inputs) x.input.checked = (chosen ?? []).includes(x.original);
    },
    judge(chosen) {
      const ok = grade(item.correct, chosen).correct;
      const rightPositions = inputs.filter((x) => item.correct.includes(x.original)).map((x) => x.position);
      return { correct: ok, message: message(ok, rightPositions) };
    },
    show(chosen) {
      for (const x of inputs) {
        const isRight = item.correct.includes(x.original);
        const isPicked = chosen.includes(x.original);
        mark(x, isRight, isPicked, verdict(isRight, isPicked));
        if (x.note) x.note.hidden = !(isPicked || isRight);
      }
    },
    clear() {
      for (const x of inputs) {
        unmark(x);
        if (x.note) x.note.hidden = true;
      }
    },
    focus: () => inputs[0].input.focus(),
    onInput: (listener) => listen(group, "change", listener),
  };
}

/** The words under an option once checked: meaning never rests on colour alone. */
function verdict(isRight, isPicked) {
  if (isRight && isPicked) return "✓ Right, your choice";
  if (isRight) return "✓ Right answer";
  if (isPicked) return "✗ Wrong, your choice";
  return "";
}

/** The feedback line: right, or which options were. */
function message(ok, rightPositions) {
  if (ok) return "✓ Correct.";
  const many = rightPositions.length > 1;
  return `✗ Not quite. The right ${many ? "answers are" : "answer is"} ${letterList(rightPositions)}.`;
}

/**
 * A question's answer area as a <fieldset>. Its <legend> ("Question 2", for screen readers;
 * the list shows the number) and the stem name it together, because a stem may hold
 * paragraphs, math or code, which a legend may not.
 */
function questionSet(root, item, q, className) {
  const legendId = `${root.id}-${q + 1}-legend`;
  const legend = el("legend", { id: legendId, class: "course-visually-hidden" }, `Question ${q + 1}`);
  return el("fieldset", { class: className, "aria-labelledby": `${legendId} ${item.labelId}` }, legend);
}

/** A typed numeric answer: a labelled text field with its own error line (see quiz-numeric.js). */
function numericQuestion(root, spec, item, q) {
  const id = `${root.id}-${q + 1}-answer`;
  const field = questionSet(root, item, q, "quiz__field");
  const label = el("label", { for: id, class: "quiz__field-label" }, item.prompt.textContent);
  const input = el("input", {
    id,
    type: "text",
    class: "quiz__input",
    autocomplete: "off",
    spellcheck: "false",
    "aria-describedby": `${id}-error`,
  });
  // Its own live region: Check leaves focus in the field, so the reason must be announced.
  const error = el("p", { id: `${id}-error`, class: "quiz__field-error", "aria-live": "polite" });
  field.append(label, input, error);
  item.prompt.replaceWith(field);
  let status = null;
  const setError = (text) => {
    error.textContent = text;
    if (text) input.setAttribute("aria-invalid", "true");
    else input.removeAttribute("aria-invalid");
  };
  listen(input, "input", () => setError(""));
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
    onInput: (listener) => listen(input, "input", listener),
    onEnter: (listener) =>
      listen(input, "keydown", (event) => {
        if (event.key === "Enter" && !input.readOnly) {
          event.preventDefault();
          listener();
        }
      }),
  };
}

// --- The quiz ----------------------------------------------------------------------------------

const QUIZ = {
  kind: "quiz",
  item: ".quiz__question",
  noun: (n) => (n === 1 ? "question" : "questions"),
  question: (root, spec, item, q, seed) => (item.numeric ? numericQuestion : choiceQuestion)(root, spec, item, q, seed),
  read(question) {
    const stem = child(question, ".quiz__stem");
    const answer = child(question, ".quiz__answer");
    if (!stem?.id || !answer) return null;
    const explanation = child(answer, ".quiz__explanation");
    if (question.dataset.kind === "numeric") {
      const prompt = child(question, ".quiz__numeric");
      const key = prompt && answerFrom(prompt.dataset);
      return key ? { numeric: true, labelId: stem.id, prompt, key, answer, explanation } : null;
    }
    const list = child(question, ".quiz__options");
    if (!list) return null;
    const notes = new Map(
      [...answer.querySelectorAll(":scope > .quiz__option-feedback > li[data-option]")].map((li) => [
        Number(li.dataset.option),
        li,
      ]),
    );
    // The static version's letters: the interactive one draws its own, in shuffled order.
    const dropLetter = (node) => node.querySelector(":scope > .quiz__letter, :scope > p:first-child > .quiz__letter")?.remove();
    const options = [...list.children].map((li, index) => {
      dropLetter(li);
      const note = notes.get(index);
      let feedback = null;
      if (note) {
        dropLetter(note);
        feedback = el("div", "quiz__note");
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
