// The spot-the-bug drill: read a model's listing, decide whether it has the bug (by default:
// whether it is causal or leaks the future) and, if it has, pick the line; then check.
//
// Markup (coursemd/drill.py): each .drill__item holds a description, an <ol> of .drill__step
// lines (the buggy one has data-bug="true") and a <details> with the key and explanation. A
// drill about another kind of bug carries its words on the root: data-verdicts (the two
// verdicts, with the bug first), data-bug (what the feedback calls it), data-line-question, and
// data-item ([singular, plural]); their wording is drill-words.js, which a causality drill never
// loads. Storage, score, Try again, Start over and the events
// (drill:answered, drill:completed) are the choice engine's (choices.js, which the quiz uses
// too); this module builds the two-part choice. The stored answer is one index, as for a
// single-answer question: a line, or `lines` for "no bug", whatever the words.
import { detach, mark, mountChoices, option, unmark } from "./choices.js";
import { child, el, listen } from "./dom.js";

export const CAUSAL = "Causal: no line sees the future";
export const LEAKS = "Leaks the future";
export const ASK_VERDICT = "Decide first: is this model causal, or does it leak the future?";
export const ASK_LINE = "Now pick the line that leaks.";

/**
 * What a causality drill says (a drill without verdicts of its own). `item` is [singular,
 * plural]. A drill with its own verdicts speaks of "the bug" or the author's word for it:
 * authorWording in drill-words.js, loaded only for such a drill.
 */
export function causalWording({ item = ["model", "models"], lineQuestion = null } = {}) {
  const [one, many] = item;
  return {
    verdicts: [LEAKS, CAUSAL],
    item: [one, many],
    lineQuestion: lineQuestion ?? "Which line leaks the future? Pick it if one does.",
    askVerdict: ASK_VERDICT.replace("model", one),
    askLine: ASK_LINE,
    right: (line) => `✓ Right: line ${line} leaks the future.`,
    rightNone: () => `✓ Right: this ${one} is causal, no line sees the future.`,
    wrongNone: (picked) => `✗ This ${one} is causal: line ${picked} does not leak, and no other line does.`,
    missed: (line) => `✗ It does leak the future: the bug is in line ${line}.`,
    wrongLine: (picked, line) => `✗ Right that it leaks, but not at line ${picked}: the bug is in line ${line}.`,
    bugLine: "The line that leaks",
    fineLine: "this line is causal",
  };
}

/**
 * A drill root's words as drill.py writes them in data attributes: { verdicts, bug, item,
 * lineQuestion }, with `verdicts` null for a causality drill (none, or none readable).
 */
export function wordsFrom(dataset) {
  const list = (text) => {
    try {
      const value = JSON.parse(text);
      return Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === "string") ? value : null;
    } catch {
      return null;
    }
  };
  return {
    verdicts: dataset.verdicts ? list(dataset.verdicts) : null,
    bug: dataset.bug || "bug",
    item: (dataset.item && list(dataset.item)) || ["model", "models"],
    lineQuestion: dataset.lineQuestion || null,
  };
}

const CAUSAL_WORDS = causalWording();

/**
 * The feedback line, from option indices: `rightIndex` is the buggy line, or `lines` for a
 * model without the bug; `picked` is the student's answer. A wrong answer says which half was
 * wrong: the verdict or the line.
 */
export function drillMessage(ok, rightIndex, lines, picked, words = CAUSAL_WORDS) {
  const none = rightIndex === lines;
  if (ok && none) return words.rightNone();
  if (ok) return words.right(rightIndex + 1);
  if (none) return words.wrongNone(picked + 1);
  if (picked === lines) return words.missed(rightIndex + 1);
  return words.wrongLine(picked + 1, rightIndex + 1);
}

/** What a verdict and a line make together: the stored answer, or why it is not complete. */
export function answerOf(verdict, line, lines, words = CAUSAL_WORDS) {
  if (verdict === "causal") return { answer: [lines], missing: null };
  if (verdict !== "leaks") return { answer: [], missing: words.askVerdict };
  return line === null ? { answer: [], missing: words.askLine } : { answer: [line], missing: null };
}

/** The words under a line once checked: meaning never rests on the border style alone. */
export function lineVerdict(isBug, isPicked, words = CAUSAL_WORDS) {
  if (isBug) return isPicked ? `✓ ${words.bugLine}, your pick` : `✓ ${words.bugLine}`;
  return isPicked ? `✗ Your pick: ${words.fineLine}` : "";
}

/** The words under a verdict once checked. */
function verdictOptionText(isRight, isPicked) {
  if (isRight && isPicked) return "✓ Right verdict, yours";
  if (isRight) return "✓ Right verdict";
  if (isPicked) return "✗ Your verdict";
  return "";
}

const radio = (name, value, tag, content) => option("drill", { type: "radio", name, value }, tag, content);

/** The controller mountChoices drives for one model (see mountChoices in choices.js). */
function drillQuestion(root, spec, item, q) {
  const words = spec.words;
  const lines = item.lines.length;
  const bug = item.correct[0];
  const base = `${root.id}-${q + 1}`;

  const lineInputs = item.lines.map((content, i) => radio(`${base}-line`, String(i), `Line ${i + 1}`, content()));
  const lineList = el("ul", "drill__choice-list", ...lineInputs.map((x) => x.li));
  // The values stay "leaks" and "causal" whatever the words: they name "has the bug" and "has none".
  const leaks = radio(`${base}-verdict`, "leaks", "", [words.verdicts[0]]);
  const causal = radio(`${base}-verdict`, "causal", "", [words.verdicts[1]]);
  const element = el(
    "div",
    "drill__decision",
    el("fieldset", "drill__lines", el("legend", "drill__legend", words.lineQuestion), lineList),
    el(
      "fieldset",
      "drill__verdicts",
      el("legend", "drill__legend", `Your verdict on this ${words.item[0]}`),
      el("ul", "drill__choice-list drill__verdict-list", leaks.li, causal.li),
    ),
  );
  item.list.replaceWith(element);
  item.prompt.hidden = true; // the two legends ask its two halves

  const verdict = () => (causal.input.checked ? "causal" : leaks.input.checked ? "leaks" : null);
  const line = () => {
    const picked = lineInputs.findIndex((x) => x.input.checked);
    return picked === -1 ? null : picked;
  };
  // A picked line is a verdict too; "causal" takes back any line.
  listen(lineList, "change", () => {
    leaks.input.checked = true;
  });
  listen(causal.input, "change", () => {
    for (const x of lineInputs) x.input.checked = false;
  });

  const all = [...lineInputs, leaks, causal];
  return {
    element,
    read: () => answerOf(verdict(), line(), lines, words).answer,
    missing: () => answerOf(verdict(), line(), lines, words).missing,
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
      return { correct: ok, message: drillMessage(ok, bug, lines, answer[0], words) };
    },
    show(answer) {
      const [choice] = answer;
      lineInputs.forEach((x, i) => mark(x, i === bug, i === choice, lineVerdict(i === bug, i === choice, words)));
      const rightVerdict = bug === lines ? causal : leaks;
      const pickedVerdict = choice === lines ? causal : leaks;
      for (const x of [leaks, causal]) {
        mark(x, x === rightVerdict, x === pickedVerdict, verdictOptionText(x === rightVerdict, x === pickedVerdict));
      }
    },
    clear() {
      for (const x of all) unmark(x);
    },
    focus: () => (lineInputs.find((x) => x.input.checked) ?? lineInputs[0]).input.focus(),
    onInput: (listener) => listen(element, "change", listener),
  };
}

const DRILL = {
  kind: "drill",
  item: ".drill__item",
  question: drillQuestion,
  read(model) {
    const prompt = child(model, ".drill__prompt");
    const list = child(model, ".drill__steps");
    const answer = child(model, ".drill__answer");
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

export async function mount(root) {
  const options = wordsFrom(root.dataset);
  const words = options.verdicts
    ? (await import("./drill-words.js")).authorWording(options)
    : causalWording(options);
  return mountChoices(root, { ...DRILL, words, noun: (n) => words.item[n === 1 ? 0 : 1] });
}
