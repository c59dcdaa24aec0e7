// The spot-the-causality-bug drill: read a model's listing, decide whether it is causal or
// leaks the future and, for a leak, pick the line that leaks; then check.
//
// Markup (coursemd/drill.py): each .drill__item holds a description, an <ol> of .drill__step
// lines (the leaking one has data-bug="true") and a <details> with the key and explanation.
// Storage, score, Try again, Start over and the events (drill:answered, drill:completed) are
// the quiz engine's (quiz.js); this module builds the two-part choice. The stored answer is
// one index, as for a single-answer question: a line, or `lines` for "causal".
import { el } from "./dom.js";
import { detach, mountChoices } from "./quiz.js";

export const CAUSAL = "Causal: no line sees the future";
export const LEAKS = "Leaks the future";
export const ASK_VERDICT = "Decide first: is this model causal, or does it leak the future?";
export const ASK_LINE = "Now pick the line that leaks.";

/**
 * The feedback line, from option indices: `rightIndex` is the leaking line, or `lines` for a
 * causal model; `picked` is the student's answer. A wrong answer says which half was wrong:
 * the verdict (causal or not) or the line.
 */
export function drillMessage(ok, rightIndex, lines, picked) {
  const causal = rightIndex === lines;
  if (ok && causal) return "✓ Right: this model is causal, no line sees the future.";
  if (ok) return `✓ Right: line ${rightIndex + 1} leaks the future.`;
  if (causal) return `✗ This model is causal: line ${picked + 1} does not leak, and no other line does.`;
  if (picked === lines) return `✗ It does leak the future: the bug is in line ${rightIndex + 1}.`;
  return `✗ Right that it leaks, but not at line ${picked + 1}: the bug is in line ${rightIndex + 1}.`;
}

/** What a verdict and a line make together: the stored answer, or why it is not complete. */
export function answerOf(verdict, line, lines) {
  if (verdict === "causal") return { answer: [lines], missing: null };
  if (verdict !== "leaks") return { answer: [], missing: ASK_VERDICT };
  return line === null ? { answer: [], missing: ASK_LINE } : { answer: [line], missing: null };
}

/** The words under a line once checked: meaning never rests on the border style alone. */
export function lineVerdict(isBug, isPicked) {
  if (isBug) return isPicked ? "✓ The line that leaks, your pick" : "✓ The line that leaks";
  return isPicked ? "✗ Your pick: this line is causal" : "";
}

function radio(name, value, labelText, content) {
  const li = el("li", { class: "drill__choice" });
  const label = el("label", { class: "drill__label" });
  const input = el("input", { type: "radio", name, value });
  const body = el("span", { class: "drill__text" });
  if (labelText) body.append(el("span", { class: "drill__letter" }, labelText), " ");
  body.append(...content);
  const verdict = el("span", { class: "drill__verdict" });
  label.append(input, body);
  li.append(label, verdict);
  return { li, input, verdict };
}

/** The controller mountChoices drives for one model (see choiceQuestion in quiz.js). */
function drillQuestion(root, spec, item, q) {
  const lines = item.lines.length;
  const bug = item.correct[0];
  const base = `${root.id}-${q + 1}`;

  const linesSet = el("fieldset", { class: "drill__lines" });
  const ask = "Which line leaks the future? Pick it if one does.";
  linesSet.append(el("legend", { class: "drill__legend" }, ask));
  const lineList = el("ul", { class: "drill__choice-list" });
  const lineInputs = item.lines.map((content, i) => {
    const choice = radio(`${base}-line`, String(i), `Line ${i + 1}`, content());
    lineList.append(choice.li);
    return choice;
  });
  linesSet.append(lineList);

  const verdictSet = el("fieldset", { class: "drill__verdicts" });
  verdictSet.append(el("legend", { class: "drill__legend" }, "Your verdict on this model"));
  const verdictList = el("ul", { class: "drill__choice-list drill__verdict-list" });
  const leaks = radio(`${base}-verdict`, "leaks", "", [document.createTextNode(LEAKS)]);
  const causal = radio(`${base}-verdict`, "causal", "", [document.createTextNode(CAUSAL)]);
  verdictList.append(leaks.li, causal.li);
  verdictSet.append(verdictList);

  const element = el("div", { class: "drill__decision" });
  element.append(linesSet, verdictSet);
  item.list.replaceWith(element);
  item.prompt.hidden = true; // the two legends ask its two halves

  const verdict = () => (causal.input.checked ? "causal" : leaks.input.checked ? "leaks" : null);
  const line = () => {
    const picked = lineInputs.findIndex((x) => x.input.checked);
    return picked === -1 ? null : picked;
  };
  // A picked line is a verdict too; "causal" takes back any line.
  lineList.addEventListener("change", () => {
    leaks.input.checked = true;
  });
  causal.input.addEventListener("change", () => {
    for (const x of lineInputs) x.input.checked = false;
  });

  const all = [...lineInputs, leaks, causal];
  return {
    element,
    read: () => answerOf(verdict(), line(), lines).answer,
    missing: () => answerOf(verdict(), line(), lines).missing,
    restore(answer) {
      const [choice] = answer ?? [];
      for (const x of all) x.input.checked = false;
      if (choice === lines) causal.input.checked = true;
      else if (Number.isInteger(choice)) {
        leaks.input.checked = true;
        lineInputs[choice].input.checked = true;
      }
    },
    judge(answer) {
      const ok = answer[0] === bug;
      return { correct: ok, message: drillMessage(ok, bug, lines, answer[0]) };
    },
    show(answer) {
      const [choice] = answer;
      for (const x of all) x.input.disabled = true;
      lineInputs.forEach((x, i) => {
        const isBug = i === bug;
        const isPicked = i === choice;
        x.li.classList.toggle("is-right", isBug);
        x.li.classList.toggle("is-wrong", isPicked && !isBug);
        x.verdict.textContent = lineVerdict(isBug, isPicked);
      });
      const rightVerdict = bug === lines ? causal : leaks;
      const pickedVerdict = choice === lines ? causal : leaks;
      for (const x of [leaks, causal]) {
        const isRight = x === rightVerdict;
        const isPicked = x === pickedVerdict;
        x.li.classList.toggle("is-right", isRight);
        x.li.classList.toggle("is-wrong", isPicked && !isRight);
        x.verdict.textContent = spec.verdict(isRight, isPicked);
      }
    },
    clear() {
      for (const x of all) {
        x.input.disabled = false;
        x.input.checked = false;
        x.li.classList.remove("is-right", "is-wrong");
        x.verdict.textContent = "";
      }
    },
    focus: () => (lineInputs.find((x) => x.input.checked) ?? lineInputs[0]).input.focus(),
    onInput: (listener) => element.addEventListener("change", listener),
  };
}

const DRILL = {
  kind: "drill",
  item: ".drill__item",
  shuffle: false,
  noun: (n) => (n === 1 ? "model" : "models"),
  verdict: (isRight, isPicked) => {
    if (isRight && isPicked) return "✓ Right verdict, yours";
    if (isRight) return "✓ Right verdict";
    if (isPicked) return "✗ Your verdict";
    return "";
  },
  question: drillQuestion,
  read(model) {
    const prompt = model.querySelector(":scope > .drill__prompt");
    const list = model.querySelector(":scope > .drill__steps");
    const answer = model.querySelector(":scope > .drill__answer");
    if (!prompt?.id || !list || !answer) return null;
    const steps = [...list.children];
    const bug = steps.findIndex((li) => li.dataset.bug === "true");
    // Taken out of the static list only when mounting, so broken markup stays readable.
    const lines = steps.map((li) => () => detach(li));
    // options: the lines, then "causal"; the engine counts them to check stored answers
    return {
      labelId: prompt.id,
      prompt,
      list,
      answer,
      lines,
      options: [...lines, null],
      correct: [bug === -1 ? lines.length : bug],
      explanation: answer.querySelector(".drill__explanation"),
    };
  },
};

export function mount(root) {
  return mountChoices(root, DRILL);
}
