// The spot-the-causality-bug drill: pick the step of a model that lets a prediction see the
// future, or "No bug" when every step is causal, then check.
//
// Markup (coursemd/drill.py): each .drill__item holds a description, an <ol> of .drill__step
// items (the leaking one has data-bug="true") and a <details> with the key and explanation.
// The choice engine, feedback, storage and events (drill:answered, drill:completed) are the
// quiz's (quiz.js); this module only says where things are and how they are named.
import { detach, mountChoices } from "./quiz.js";

export const NO_BUG = "No bug: every step keeps the model causal.";

/**
 * The feedback line, from option indices: `rightIndex` is the leaking step, or `steps` (the
 * "No bug" option) for a causal model; `picked` is the student's choice. A wrong answer says
 * which half was wrong: the verdict (causal or not) or the line.
 */
export function drillMessage(ok, rightIndex, steps, picked) {
  const causal = rightIndex === steps;
  if (ok && causal) return "✓ Right: this model is causal, no step sees the future.";
  if (ok) return `✓ Right: step ${rightIndex + 1} leaks the future.`;
  if (causal) return `✗ This model is causal: step ${picked + 1} does not leak, and no other step does.`;
  if (picked === steps) return `✗ It does leak the future: the bug is in step ${rightIndex + 1}.`;
  return `✗ Right that it leaks, but not at step ${picked + 1}: the bug is in step ${rightIndex + 1}.`;
}

const DRILL = {
  kind: "drill",
  item: ".drill__item",
  shuffle: false,
  empty: "Choose a step, or “No bug”, first.",
  noun: (n) => (n === 1 ? "model" : "models"),
  label: (position, original) => (original === -1 ? "" : `Step ${position + 1}`),
  verdict: (isRight, isPicked) => {
    if (isRight && isPicked) return "✓ Right, your choice";
    if (isRight) return "✓ Right answer";
    if (isPicked) return "✗ Wrong, your choice";
    return "";
  },
  message: (ok, rightPositions, item, chosen) => drillMessage(ok, item.correct[0], item.options.length - 1, chosen[0]),
  read(model) {
    const prompt = model.querySelector(":scope > .drill__prompt");
    const list = model.querySelector(":scope > .drill__steps");
    const answer = model.querySelector(":scope > .drill__answer");
    if (!prompt?.id || !list || !answer) return null;
    const options = [...list.children].map((li) => ({ bug: li.dataset.bug === "true", content: () => detach(li) }));
    options.push({ bug: false, content: () => [document.createTextNode(NO_BUG)] });
    const bug = options.findIndex((o) => o.bug);
    return {
      labelId: prompt.id,
      list,
      answer,
      options,
      correct: [bug === -1 ? options.length - 1 : bug],
      explanation: answer.querySelector(".drill__explanation"),
    };
  },
};

export function mount(root) {
  const mounted = mountChoices(root, DRILL);
  // "No bug" is not a step: drop its empty step label so it reads as its own choice.
  root.querySelectorAll(".drill__choice:last-child .drill__letter").forEach((tag) => tag.remove());
  return mounted;
}
