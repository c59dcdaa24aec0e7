// The words of a drill about another kind of bug than causality: one whose root carries
// data-verdicts (drill.py). A module of its own, imported by drill.js only for such a drill, so
// a page of causality drills never loads it. No DOM, no state (tested in tests/js/drill.test.mjs).

/**
 * What the drill says, from drill.js's wordsFrom(): feedback about "the bug" (or the author's
 * word for it, `bug`) and the author's two `verdicts`, the bug first. `item` is [singular, plural].
 */
export function authorWording({ verdicts, bug = "bug", item = ["model", "models"], lineQuestion = null }) {
  const [one, many] = item;
  const [has, none] = verdicts;
  return {
    verdicts: [has, none],
    item: [one, many],
    lineQuestion: lineQuestion ?? `Which line has the ${bug}? Pick it if one does.`,
    askVerdict: `Decide first: “${has}” or “${none}”?`,
    askLine: `Now pick the line with the ${bug}.`,
    right: (line) => `✓ Right: the ${bug} is in line ${line}.`,
    rightNone: () => `✓ Right: this ${one} has no ${bug}.`,
    wrongNone: (picked) => `✗ This ${one} has no ${bug}: line ${picked} is fine, and so are the others.`,
    missed: (line) => `✗ Not “${none}”: the ${bug} is in line ${line}.`,
    wrongLine: (picked, line) => `✗ Right verdict, but not line ${picked}: the ${bug} is in line ${line}.`,
    bugLine: `The line with the ${bug}`,
    fineLine: "this line is fine",
  };
}
