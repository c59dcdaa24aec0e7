// The seeded exercise: a variant rendered at build time, the student's numbers checked, the
// usual mistakes named, the solution after a first attempt, the seed in the page address.
//
// Markup is the API (coursemd/exercise.py renders it): <div data-widget="exercise" id
// data-variants data-variants-url> holds the title and introduction, then .exercise__static with
// variant 0, an .exercise__variant (data-seed) made of .exercise__question and a <details> with
// the key (.exercise__key-item: data-value, data-unit, data-tolerance, data-relative,
// data-either-unit, and a <template> of .exercise__mistake with data-value and data-unit) and
// .exercise__solution. Every other variant is the same markup in <variants-url><seed>.json,
// fetched only when a student asks for it. Nothing about a variant is computed here: replies are
// read and judged by the quiz's numeric parser (quiz-numeric.js), against the numbers Python wrote.
//
// The seed lives in the fragment, as <id>=<seed> (#screening=7), beside other widgets' keys.
import { child, el, emit, listen } from "./dom.js";
import { fragmentValue, withFragmentKey } from "./fragment.js";
import { LN2, MESSAGES, OTHER, accepts, answerFrom, convert, judge, marginOf, parseReply, shown, verdict as result } from "./quiz-numeric.js";
import { load, pageKey, save } from "./storage.js";

// --- Pure logic (tested in tests/js/exercise.test.mjs, no DOM) ------------------------------

const CLOSE = 0.05; // within 5% (or five margins) but not within the tolerance: "keep more digits"

/** The seed the fragment names for exercise `id`: a whole number below `count`, else null. */
export function seedFrom(hash, id, count) {
  const text = fragmentValue(hash, id);
  if (text === null || !/^[0-9]{1,4}$/.test(text)) return null;
  const seed = Number(text);
  return seed < count ? seed : null;
}

/** A seed other than `current` among 0..count-1, drawn with `random` (a function to [0, 1)). */
export function otherSeed(current, count, random = Math.random) {
  if (count < 2) return current;
  const pick = Math.floor(random() * (count - 1));
  return pick >= current ? pick + 1 : pick;
}

/** The answer expressed in `unit` (nats or bits): its value and an absolute margin converted. */
export function inUnit(answer, unit) {
  if (!unit || unit === answer.unit) return answer;
  const factor = unit === "bits" ? 1 / LN2 : LN2;
  const tolerance = answer.relative ? answer.tolerance : answer.tolerance * factor;
  return { ...answer, value: answer.value * factor, unit, tolerance };
}

const marginText = (answer) =>
  answer.relative ? `${shown(answer.tolerance)}%` : `${shown(answer.tolerance)}${answer.unit ? ` ${answer.unit}` : ""}`;

/**
 * Judge a reply to one answer. `answer` is { value, unit, tolerance, relative, either,
 * mistakes: [{ value, unit, html }] }; `chosen` is the unit the student picked when `either`.
 * Returns { status, message, html? }: status "correct", "mistake" (html is the author's
 * message), "unit", "close", "wrong", or "invalid" (not graded; the message says why).
 * The right answer first, then the author's mistakes, then the quiz's unit messages.
 */
export function check(answer, text, chosen = "") {
  const reply = parseReply(text);
  if (reply.error) return result("invalid", reply.message);
  if (reply.unit && !answer.unit) return result("invalid", MESSAGES.unit_not_wanted);
  const unit = answer.either ? reply.unit || chosen || answer.unit : answer.unit;
  const target = inUnit(answer, unit);
  const verdict = judge(target, text);
  if (verdict.status === "correct") return result("correct", `✓ ${verdict.message}`);
  const value = convert(reply.value, reply.unit || unit, unit);
  if (!reply.unit || reply.unit === unit) {
    const mistake = (answer.mistakes ?? []).find(
      (m) => (m.unit || answer.unit) === unit && accepts({ ...target, value: m.value }, value),
    );
    if (mistake) return { status: "mistake", message: "✗ Not quite. ", html: mistake.html };
  }
  if (verdict.status === "unit") return result("unit", `✗ ${verdict.message}`);
  const off = Math.abs(value - target.value);
  if (off <= Math.max(5 * marginOf(target), CLOSE * Math.abs(target.value))) {
    return result("close", `✗ Close, but not within ±${marginText(target)}: keep more digits.`);
  }
  return result("wrong", "✗ Not yet: check your working and try again.");
}

/**
 * Read a variant's markup: { seed, question, solution, answers } with the question and the
 * solution as elements (moved out of `node`), or null if the markup is not what Python writes.
 */
export function readVariant(node) {
  const seed = Number(node?.dataset?.seed);
  const question = node?.querySelector(".exercise__question");
  const solution = node?.querySelector(".exercise__solution");
  const items = [...(node?.querySelectorAll(".exercise__key-item") ?? [])];
  if (!Number.isInteger(seed) || !question || !solution || !items.length) return null;
  const answers = items.map((item) => {
    const d = item.dataset;
    const key = answerFrom({ answer: d.value, unit: d.unit, tolerance: d.tolerance, relative: d.relative });
    const label = item.querySelector(".exercise__label");
    if (!key || !label) return null;
    const template = item.querySelector("template.exercise__mistakes");
    const mistakes = [...(template?.content.querySelectorAll(".exercise__mistake") ?? [])].map((m) => ({
      value: Number(m.dataset.value),
      unit: m.dataset.unit ?? "",
      html: m.innerHTML,
    }));
    if (mistakes.some((m) => !Number.isFinite(m.value))) return null;
    return { ...key, either: d.eitherUnit === "true" && Boolean(key.unit), label: label.innerHTML, mistakes };
  });
  if (answers.some((a) => a === null)) return null;
  return { seed, question, solution, answers };
}

// --- DOM ---------------------------------------------------------------------------------------

export function mount(root) {
  const count = Number(root.dataset.variants);
  const first = child(root, ".exercise__static > .exercise__variant");
  if (!Number.isInteger(count) || count < 1 || !first || !readVariant(first.cloneNode(true))) {
    console.error(`exercise: unexpected markup in #${root.id}; showing the static version`);
    return null;
  }
  const id = root.id;
  const folder = root.dataset.variantsUrl || `${id}/`;
  const variants = new Map([[0, Promise.resolve(first.cloneNode(true))]]);
  const key = pageKey("exercise", id);
  let state = stored(key);
  let seedShown; // the seed of the variant on show
  let variantShown; // what readVariant read of it
  let attempted = false;
  let latest = 0; // the latest show(): an older one that finishes later gives way
  // Per answer of the variant on show: its field, message line, unit radios and unit hint.
  let inputs = [];
  let messages = [];
  let radios = [];
  let hints = [];
  child(root, ".exercise__static").remove();

  const where = el("p", "exercise__where");
  const question = el("div", "exercise__question");
  const fieldList = el("div", "exercise__fields");
  const checkButton = el("button", { type: "submit", class: "md-button md-button--primary exercise__check" }, "Check");
  const toggle = el("button", {
    type: "button",
    class: "md-button exercise__toggle",
    hidden: true,
    "aria-expanded": "false",
    "aria-controls": `${id}-solution`,
  }, "Show solution");
  const next = el("button", { type: "button", class: "md-button exercise__new", hidden: count < 2 }, "New variant");
  const form = el(
    "form",
    { class: "exercise__form", novalidate: true },
    fieldList,
    el("div", "exercise__buttons", checkButton, toggle, next),
  );
  const status = el("p", { class: "exercise__status", role: "status", "aria-live": "polite" });
  const say = (text) => {
    status.textContent = text;
  };
  const solution = el("div", { class: "exercise__solution", id: `${id}-solution`, hidden: true });
  const link = el("p", "exercise__link");
  root.append(el("div", "exercise__ui", where, question, form, status, solution, link));
  root.classList.add("exercise--interactive");

  listen(form, "submit", (event) => {
    event.preventDefault();
    grade({ announce: true });
  });
  listen(toggle, "click", () => setSolution(solution.hidden));
  listen(next, "click", () => show(otherSeed(seedShown, count), { writeUrl: true, focus: true }));
  listen(fieldList, "input", (event) => {
    const index = inputs.indexOf(event.target);
    if (index < 0) return;
    setMessage(index, null);
    state.replies[index] = event.target.value.slice(0, 200);
    persist();
  });
  listen(fieldList, "change", (event) => {
    const found = radios.findIndex((group) => group.includes(event.target));
    if (found < 0) return;
    state.units[found] = event.target.value;
    showUnitHint(found);
    setMessage(found, null);
    persist();
  });

  function persist() {
    save(key, state);
  }

  /** Load variant `seed` (from the page, or its JSON file) and show it with empty fields. */
  async function show(seed, { writeUrl = false, focus = false, restore = false } = {}) {
    const ticket = ++latest;
    next.disabled = true;
    if (seed !== 0 && !variants.has(seed)) say(`Loading variant ${seed}…`);
    let variant;
    try {
      variant = readVariant((await fetchVariant(seed)).cloneNode(true));
      if (!variant || variant.seed !== seed) throw new Error(`the file of variant ${seed} is not a variant`);
    } catch (error) {
      variants.delete(seed);
      next.disabled = false;
      if (ticket !== latest) return;
      if (variantShown) {
        say(`Variant ${seed} could not be loaded (are you offline?). Try again later.`);
        return;
      }
      console.error(`exercise: #${id}: ${error.message}; showing variant 0`);
      return show(0, { restore });
    }
    if (ticket !== latest) return;
    next.disabled = false;
    const keep = restore && state.seed === seed;
    seedShown = seed;
    variantShown = variant;
    attempted = false;
    where.textContent = `Variant ${seed}`;
    question.replaceChildren(...variant.question.childNodes);
    solution.replaceChildren(el("p", "exercise__heading", "Solution"), ...variant.solution.childNodes);
    setSolution(false);
    toggle.hidden = true;
    buildFields(variant.answers, keep);
    say(restore ? "" : `Variant ${seed}.`);
    const hash = withFragmentKey(location.hash, id, String(seed));
    link.replaceChildren("Link to this variant, for a class: ", el("a", { href: hash }, hash));
    if (writeUrl) {
      try {
        history.replaceState(history.state, "", location.pathname + location.search + hash);
      } catch {
        // a sandboxed page may refuse; the exercise still works
      }
    }
    if (!keep) {
      state = { seed, replies: [], units: [], checked: false };
      if (seed !== 0 || !restore) persist();
    } else if (state.checked) {
      grade({ announce: false });
    }
    if (focus) inputs[0]?.focus();
    emit(root, "exercise:variant", { id, seed });
  }

  function fetchVariant(seed) {
    if (!variants.has(seed)) {
      const url = new URL(`${folder}${seed}.json`, location.href);
      variants.set(
        seed,
        fetch(url).then(async (response) => {
          if (!response.ok) throw new Error(`variant ${seed} is missing (HTTP ${response.status})`);
          const data = await response.json();
          const template = document.createElement("template");
          template.innerHTML = String(data.html ?? "");
          return template.content.querySelector(".exercise__variant");
        }),
      );
    }
    return variants.get(seed);
  }

  function buildFields(answers, keep) {
    inputs = [];
    messages = [];
    radios = [];
    hints = [];
    const fields = answers.map((answer, i) => {
      const inputId = `${id}-answer-${i + 1}`;
      const field = el("div", "exercise__field");
      // The label may be math alone ("P(+)"), which gives a field no name: say which answer it is,
      // to screen readers only.
      const label = el("label", { for: inputId, class: "exercise__label" });
      label.append(el("span", "course-visually-hidden", `Answer ${i + 1}: `), el("span", { html: answer.label }));
      const hint = el("span", "exercise__unit");
      label.append(hint);
      const input = el("input", {
        type: "text",
        id: inputId,
        class: "exercise__input",
        autocomplete: "off",
        spellcheck: "false",
        "aria-describedby": `${inputId}-message`,
      });
      const message = el("p", { class: "exercise__message", id: `${inputId}-message`, hidden: true });
      field.append(label);
      let unitRadios = [];
      if (answer.either) {
        const unit = keep && state.units[i] ? state.units[i] : answer.unit;
        const set = el("fieldset", "exercise__units", el("legend", {}, "Answer in"));
        unitRadios = [answer.unit, OTHER[answer.unit]].map((u) => {
          const radio = el("input", { type: "radio", name: `${inputId}-unit`, id: `${inputId}-${u}`, value: u, checked: u === unit });
          set.append(el("label", { for: radio.id, class: "exercise__unit-choice" }, radio, ` ${u}`));
          return radio;
        });
        field.append(set);
      }
      field.append(input, message);
      if (keep && state.replies[i]) input.value = state.replies[i];
      inputs.push(input);
      messages.push(message);
      radios.push(unitRadios);
      hints.push(hint);
      return field;
    });
    fieldList.replaceChildren(...fields);
    answers.forEach((_, i) => showUnitHint(i));
  }

  function unitOf(i) {
    const answer = variantShown.answers[i];
    return radios[i].find((r) => r.checked)?.value ?? answer.unit;
  }

  function showUnitHint(i) {
    const unit = unitOf(i);
    hints[i].textContent = unit ? ` (in ${unit})` : "";
  }

  function setMessage(i, result) {
    const input = inputs[i];
    const message = messages[i];
    if (!result) {
      input.removeAttribute("aria-invalid");
      message.hidden = true;
      message.replaceChildren();
      message.removeAttribute("data-status");
      return;
    }
    input.setAttribute("aria-invalid", result.status === "correct" ? "false" : "true");
    message.hidden = false;
    message.dataset.status = result.status;
    message.replaceChildren(result.message);
    if (result.html) message.append(el("span", { class: "exercise__mistake", html: result.html }));
  }

  function grade({ announce }) {
    const answers = variantShown.answers;
    const texts = inputs.map((input) => input.value);
    if (texts.every((t) => !t.trim())) {
      answers.forEach((_, i) => setMessage(i, null));
      say("Type your answers first, then check.");
      inputs[0].focus();
      return;
    }
    const results = answers.map((answer, i) => (texts[i].trim() ? check(answer, texts[i], unitOf(i)) : null));
    results.forEach((r, i) => setMessage(i, r));
    const graded = results.filter((r) => r && r.status !== "invalid");
    const right = graded.filter((r) => r.status === "correct").length;
    if (graded.length) {
      attempted = true;
      toggle.hidden = false;
    }
    state.replies = texts.map((t) => t.slice(0, 200));
    state.units = answers.map((_, i) => (radios[i].length ? unitOf(i) : ""));
    state.checked = graded.length > 0;
    persist();
    const total = answers.length;
    say(
      graded.length
        ? `${right} of ${total} ${total === 1 ? "answer" : "answers"} right.${right < total ? " The message under each answer says more." : ""}`
        : "Nothing checked yet: the message under the field says why.",
    );
    if (announce) {
      const invalid = results.findIndex((r) => r && r.status === "invalid");
      if (invalid >= 0) inputs[invalid].focus();
      emit(root, "exercise:checked", { id, seed: seedShown, right, total, statuses: results.map((r) => r?.status ?? null) });
    }
  }

  function setSolution(open) {
    if (open && !attempted) return; // only after an attempt
    solution.hidden = !open;
    toggle.setAttribute("aria-expanded", String(open));
    toggle.textContent = open ? "Hide solution" : "Show solution";
  }

  const linked = seedFrom(location.hash, id, count);
  const asked = fragmentValue(location.hash, id);
  const start = linked ?? (asked === null && state.seed < count ? state.seed : 0);
  show(start, { restore: true }).then(() => {
    if (asked !== null && linked === null) {
      // Text, never markup, and short: the address is anyone's to write.
      const named = asked.length > 20 ? `${asked.slice(0, 20)}…` : asked;
      say(`The address asks for variant ${named}, but this exercise has variants 0 to ${count - 1}: showing variant 0.`);
    }
    if (linked !== null) root.scrollIntoView({ block: "start" });
  });
  const onHash = () => {
    if (!root.isConnected) return window.removeEventListener("hashchange", onHash);
    const seed = seedFrom(location.hash, id, count);
    if (seed !== null && seed !== seedShown) show(seed, { focus: true });
  };
  listen(window, "hashchange", onHash);
}

/** What this student left in exercise `key` (a seed, replies, units), checked for shape. */
function stored(key) {
  const raw = load(key, null);
  const ok = raw && Number.isInteger(raw.seed) && raw.seed >= 0;
  return {
    seed: ok ? raw.seed : 0,
    replies: ok && Array.isArray(raw.replies) ? raw.replies.map((r) => (typeof r === "string" ? r.slice(0, 200) : "")) : [],
    units: ok && Array.isArray(raw.units) ? raw.units.map((u) => (OTHER[u] ? u : "")) : [],
    checked: ok && raw.checked === true,
  };
}
