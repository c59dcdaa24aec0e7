// The choice engine the quiz and the drill share: storage, score, Check, Try again, Start over
// and the events (<kind>:answered, <kind>:completed), and the one way an option is drawn.
//
// Neither block's own code is here, so a page with only a drill never loads the quiz
// (quiz.js: letters, shuffling, typed numbers) and a page with only a quiz never loads the drill.
// Each block passes a `spec` (QUIZ in quiz.js, DRILL in drill.js) that reads its markup and
// builds each item's controller.
import { el, emit, listen, nextTask } from "./dom.js";
import { load, pageKey, remove, save } from "./storage.js";

const SLICE_MS = 25; // the longest run of items made in one task (see mountChoices)

// --- Pure logic (tested in tests/js/quiz.test.mjs and drill.test.mjs, no DOM) ---------------

/** The score line: how many checked, how many right, out of how many. */
export function score(results, total) {
  const checked = Object.values(results).filter((r) => r !== undefined && r !== null);
  const right = checked.filter(Boolean).length;
  return { checked: checked.length, right, total, done: checked.length === total };
}

/**
 * Keep only a stored state that fits this block (items removed or options changed since).
 * `shape[q]` is a choice item's option count, or "text" for a typed answer.
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

/**
 * One option: a finger-sized label holding the input (`attrs`), the `tag` ("A.", "Line 2";
 * none if empty) and the content, then the line that gives its verdict once checked.
 */
export function option(kind, attrs, tag, content) {
  const input = el("input", attrs);
  const body = el("span", `${kind}__text`);
  if (tag) body.append(el("span", `${kind}__letter`, tag), " ");
  body.append(...content);
  const verdict = el("span", `${kind}__verdict`);
  const li = el("li", `${kind}__choice`, el("label", `${kind}__label`, input, body), verdict);
  return { li, input, verdict };
}

/** An option once checked: locked, marked right or wrong, its verdict in words. */
export function mark(choice, isRight, isPicked, text) {
  choice.input.disabled = true;
  choice.li.classList.toggle("is-right", isRight);
  choice.li.classList.toggle("is-wrong", isPicked && !isRight);
  choice.verdict.textContent = text;
}

/** An option as it was before Check. */
export function unmark(choice) {
  choice.input.disabled = false;
  choice.input.checked = false;
  choice.li.classList.remove("is-right", "is-wrong");
  choice.verdict.textContent = "";
}

/**
 * Mount a block of choice items. `kind` names events, storage and classes; `spec` says where
 * the items are (`item`, `read`) and how they are worded (`noun`); `spec.question(root, spec,
 * item, q, seed)` builds each item's controller, which this drives:
 *   element            what replaced the static list (actions and feedback go after it)
 *   read()             the answer as stored: option indices, or text
 *   missing(answer)    why the answer cannot be checked yet (shown in the message line), or null
 *   judge(answer)      { correct, message }, or null when the reason is shown by the item itself
 *   show(answer) / clear() / restore(answer) / focus() / onInput(listener) / onEnter?(listener)
 * An item read with `numeric: true` is stored as text.
 */
export async function mountChoices(root, spec) {
  const kind = spec.kind;
  const items = [...root.querySelectorAll(spec.item)].map((item, index) => spec.read(item, index));
  const usable = (item) => item && (item.numeric || (item.options.length && item.correct.length));
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
  const button = (name, text) => el("button", { type: "button", class: `md-button ${kind}__${name}` }, text);

  root.classList.add(`${kind}--interactive`);
  const scoreLine = el("p", { class: `${kind}__score`, role: "status", "aria-live": "polite" });

  const mountItem = (item, q) => {
    item.answer.hidden = true;
    const question = spec.question(root, spec, item, q, state.seed);

    const check = button("check", "Check");
    const again = button("again", "Try again");
    const message = el("p", `${kind}__message`);
    const feedback = el("div", { class: `${kind}__feedback`, "aria-live": "polite" }, message);
    const explanation = item.explanation;
    // Once checked, the explanation and Try again show and Check hides; cleared, the reverse.
    const checked = (on) => {
      if (explanation) explanation.hidden = !on;
      check.hidden = on;
      again.hidden = !on;
    };
    checked(false);
    if (explanation) feedback.append(explanation);
    question.element.after(el("div", `${kind}__actions`, check, again), feedback);

    const say = (text, status = "") => {
      message.textContent = text;
      message.className = `${kind}__message${status && ` ${status}`}`;
    };

    const show = (answer, verdict, announce) => {
      question.show(answer);
      say(verdict.message, verdict.correct ? "is-right" : "is-wrong");
      checked(true);
      results[q] = verdict.correct;
      updateScore();
      if (announce) {
        again.focus();
        emit(root, `${kind}:answered`, { id: root.id, item: q + 1, correct: verdict.correct, chosen: answer });
        const total = score(results, items.length);
        if (total.done) emit(root, `${kind}:completed`, { id: root.id, ...total });
      }
    };

    const clear = () => {
      question.clear();
      say("");
      checked(false);
      delete results[q];
      delete state.answers[q];
      delete state.checked[q];
    };

    const submit = () => {
      const answer = question.read();
      const missing = question.missing(answer);
      if (missing) {
        say(missing, "is-missing");
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
    listen(check, "click", submit);
    question.onEnter?.(submit);
    listen(again, "click", () => {
      clear();
      persist();
      updateScore();
      question.focus();
    });
    question.onInput(() => {
      if (message.classList.contains("is-missing")) say("");
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
  };
  // A quiz of forty questions is made in several tasks, none much over SLICE_MS even on a
  // 4x-slowed phone: a tap or a key never waits for the whole block.
  let slice = performance.now();
  for (const [q, item] of items.entries()) {
    if (q && performance.now() - slice > SLICE_MS) {
      await nextTask();
      slice = performance.now();
    }
    mountItem(item, q);
  }

  const reset = button("reset", "Start over");
  listen(reset, "click", () => {
    items.forEach((item) => item.clear());
    remove(key);
    state.answers = {};
    state.checked = {};
    updateScore();
    scoreLine.textContent = `All answers cleared. ${scoreLine.textContent}`;
    root.querySelector("input")?.focus();
  });
  root.append(el("div", `${kind}__footer`, scoreLine, reset));

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
