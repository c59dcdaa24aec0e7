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
import { el } from "./dom.js";
import { fragmentValue, withFragmentKey } from "./fragment.js";
import { LN2, MESSAGES, OTHER, accepts, answerFrom, convert, judge, marginOf, parseReply, shown } from "./quiz-numeric.js";
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
  if (reply.error) return { status: "invalid", message: reply.message };
  if (reply.unit && !answer.unit) return { status: "invalid", message: MESSAGES.unit_not_wanted };
  const unit = answer.either ? reply.unit || chosen || answer.unit : answer.unit;
  const target = inUnit(answer, unit);
  const verdict = judge(target, text);
  if (verdict.status === "correct") return { status: "correct", message: `✓ ${verdict.message}` };
  const value = convert(reply.value, reply.unit || unit, unit);
  if (!reply.unit || reply.unit === unit) {
    const mistake = (answer.mistakes ?? []).find(
      (m) => (m.unit || answer.unit) === unit && accepts({ ...target, value: m.value }, value),
    );
    if (mistake) return { status: "mistake", message: "✗ Not quite. ", html: mistake.html };
  }
  if (verdict.status === "unit") return { status: "unit", message: `✗ ${verdict.message}` };
  const off = Math.abs(value - target.value);
  if (off <= Math.max(5 * marginOf(target), CLOSE * Math.abs(target.value))) {
    return { status: "close", message: `✗ Close, but not within ±${marginText(target)}: keep more digits.` };
  }
  return { status: "wrong", message: "✗ Not yet: check your working and try again." };
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
  const first = root.querySelector(":scope > .exercise__static > .exercise__variant");
  if (!Number.isInteger(count) || count < 1 || !first || !readVariant(first.cloneNode(true))) {
    console.error(`exercise: unexpected markup in #${root.id}; showing the static version`);
    return null;
  }
  return new Exercise(root, count, first);
}

class Exercise {
  #root;
  #id;
  #count;
  #folder;
  #variants;
  #key;
  #state;
  #where;
  #question;
  #fields;
  #toggle;
  #next;
  #status;
  #solution;
  #link;
  #seed;
  #variant;
  #attempted = false;
  #ticket = 0;
  #inputs = [];
  #messages = [];
  #radios = [];
  #hints = [];
  #onHash;

  constructor(root, count, first) {
    this.#root = root;
    this.#id = root.id;
    this.#count = count;
    this.#folder = root.dataset.variantsUrl || `${root.id}/`;
    this.#variants = new Map([[0, Promise.resolve(first.cloneNode(true))]]);
    this.#key = pageKey("exercise", this.#id);
    this.#state = this.#stored();
    root.querySelector(":scope > .exercise__static").remove();
    this.#build();

    const linked = seedFrom(window.location.hash, this.#id, count);
    const asked = fragmentValue(window.location.hash, this.#id);
    const start = linked ?? (asked === null && this.#state.seed < count ? this.#state.seed : 0);
    this.#show(start, { restore: true }).then(() => {
      if (asked !== null && linked === null) {
        // Text, never markup, and short: the address is anyone's to write.
        const named = asked.length > 20 ? `${asked.slice(0, 20)}…` : asked;
        this.#status.textContent = `The address asks for variant ${named}, but this exercise has variants 0 to ${count - 1}: showing variant 0.`;
      }
      if (linked !== null) root.scrollIntoView({ block: "start" });
    });
    this.#onHash = () => {
      if (!root.isConnected) return window.removeEventListener("hashchange", this.#onHash);
      const seed = seedFrom(window.location.hash, this.#id, count);
      if (seed !== null && seed !== this.#seed) this.#show(seed, { focus: true });
    };
    window.addEventListener("hashchange", this.#onHash);
  }

  #stored() {
    const raw = load(this.#key, null);
    const ok = raw && Number.isInteger(raw.seed) && raw.seed >= 0;
    return {
      seed: ok ? raw.seed : 0,
      replies: ok && Array.isArray(raw.replies) ? raw.replies.map((r) => (typeof r === "string" ? r.slice(0, 200) : "")) : [],
      units: ok && Array.isArray(raw.units) ? raw.units.map((u) => (OTHER[u] ? u : "")) : [],
      checked: ok && raw.checked === true,
    };
  }

  #persist() {
    save(this.#key, this.#state);
  }

  #build() {
    const id = this.#id;
    this.#where = el("p", { class: "exercise__where" });
    this.#question = el("div", { class: "exercise__question" });
    this.#fields = el("div", { class: "exercise__fields" });
    const check = el("button", { type: "submit", class: "md-button md-button--primary exercise__check" }, "Check");
    this.#toggle = el("button", {
      type: "button",
      class: "md-button exercise__toggle",
      hidden: true,
      "aria-expanded": "false",
      "aria-controls": `${id}-solution`,
    }, "Show solution");
    this.#next = el("button", { type: "button", class: "md-button exercise__new", hidden: this.#count < 2 }, "New variant");
    const form = el(
      "form",
      { class: "exercise__form", novalidate: true },
      this.#fields,
      el("div", { class: "exercise__buttons" }, check, this.#toggle, this.#next),
    );
    this.#status = el("p", { class: "exercise__status", role: "status", "aria-live": "polite" });
    this.#solution = el("div", { class: "exercise__solution", id: `${id}-solution`, hidden: true });
    this.#link = el("p", { class: "exercise__link" });
    this.#root.append(el("div", { class: "exercise__ui" }, this.#where, this.#question, form, this.#status, this.#solution, this.#link));
    this.#root.classList.add("exercise--interactive");

    form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.#grade({ announce: true });
    });
    this.#toggle.addEventListener("click", () => this.#setSolution(this.#solution.hidden));
    this.#next.addEventListener("click", () => this.#show(otherSeed(this.#seed, this.#count), { writeUrl: true, focus: true }));
    this.#fields.addEventListener("input", (event) => {
      const index = this.#inputs.indexOf(event.target);
      if (index < 0) return;
      this.#setMessage(index, null);
      this.#state.replies[index] = event.target.value.slice(0, 200);
      this.#persist();
    });
    this.#fields.addEventListener("change", (event) => {
      const found = this.#radios.findIndex((group) => group.includes(event.target));
      if (found < 0) return;
      this.#state.units[found] = event.target.value;
      this.#hint(found);
      this.#setMessage(found, null);
      this.#persist();
    });
  }

  /** Load variant `seed` (from the page, or its JSON file) and show it with empty fields. */
  async #show(seed, { writeUrl = false, focus = false, restore = false } = {}) {
    const ticket = ++this.#ticket;
    this.#next.disabled = true;
    if (seed !== 0 && !this.#variants.has(seed)) this.#status.textContent = `Loading variant ${seed}…`;
    let variant;
    try {
      variant = readVariant((await this.#fetchVariant(seed)).cloneNode(true));
      if (!variant || variant.seed !== seed) throw new Error(`the file of variant ${seed} is not a variant`);
    } catch (error) {
      this.#variants.delete(seed);
      this.#next.disabled = false;
      if (ticket !== this.#ticket) return;
      if (this.#variant) {
        this.#status.textContent = `Variant ${seed} could not be loaded (are you offline?). Try again later.`;
        return;
      }
      console.error(`exercise: #${this.#id}: ${error.message}; showing variant 0`);
      return this.#show(0, { restore });
    }
    if (ticket !== this.#ticket) return;
    this.#next.disabled = false;
    const keep = restore && this.#state.seed === seed;
    this.#seed = seed;
    this.#variant = variant;
    this.#attempted = false;
    this.#where.textContent = `Variant ${seed}`;
    this.#question.replaceChildren(...variant.question.childNodes);
    this.#solution.replaceChildren(el("p", { class: "exercise__heading" }, "Solution"), ...variant.solution.childNodes);
    this.#setSolution(false);
    this.#toggle.hidden = true;
    this.#buildFields(variant.answers, keep);
    this.#status.textContent = restore ? "" : `Variant ${seed}.`;
    const hash = withFragmentKey(window.location.hash, this.#id, String(seed));
    this.#link.replaceChildren("Link to this variant, for a class: ", el("a", { href: hash }, hash));
    if (writeUrl) {
      try {
        window.history.replaceState(window.history.state, "", window.location.pathname + window.location.search + hash);
      } catch {
        // a sandboxed page may refuse; the exercise still works
      }
    }
    if (!keep) {
      this.#state = { seed, replies: [], units: [], checked: false };
      if (seed !== 0 || !restore) this.#persist();
    } else if (this.#state.checked) {
      this.#grade({ announce: false });
    }
    if (focus) this.#inputs[0]?.focus();
    this.#root.dispatchEvent(new CustomEvent("exercise:variant", { bubbles: true, detail: { id: this.#id, seed } }));
  }

  #fetchVariant(seed) {
    if (!this.#variants.has(seed)) {
      const url = new URL(`${this.#folder}${seed}.json`, window.location.href);
      this.#variants.set(
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
    return this.#variants.get(seed);
  }

  #buildFields(answers, keep) {
    const id = this.#id;
    this.#inputs = [];
    this.#messages = [];
    this.#radios = [];
    this.#hints = [];
    const fields = answers.map((answer, i) => {
      const inputId = `${id}-answer-${i + 1}`;
      const field = el("div", { class: "exercise__field" });
      // The label may be math alone ("P(+)"), which gives a field no name: say which answer it is,
      // to screen readers only.
      const label = el("label", { for: inputId, class: "exercise__label" });
      label.append(el("span", { class: "course-visually-hidden" }, `Answer ${i + 1}: `), el("span", { html: answer.label }));
      const hint = el("span", { class: "exercise__unit" });
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
      let radios = [];
      if (answer.either) {
        const unit = keep && this.#state.units[i] ? this.#state.units[i] : answer.unit;
        const set = el("fieldset", { class: "exercise__units" }, el("legend", {}, "Answer in"));
        radios = [answer.unit, OTHER[answer.unit]].map((u) => {
          const radio = el("input", { type: "radio", name: `${inputId}-unit`, id: `${inputId}-${u}`, value: u, checked: u === unit });
          set.append(el("label", { for: radio.id, class: "exercise__unit-choice" }, radio, ` ${u}`));
          return radio;
        });
        field.append(set);
      }
      field.append(input, message);
      if (keep && this.#state.replies[i]) input.value = this.#state.replies[i];
      this.#inputs.push(input);
      this.#messages.push(message);
      this.#radios.push(radios);
      this.#hints.push(hint);
      return field;
    });
    this.#fields.replaceChildren(...fields);
    answers.forEach((_, i) => this.#hint(i));
  }

  #unitOf(i) {
    const answer = this.#variant.answers[i];
    return this.#radios[i].find((r) => r.checked)?.value ?? answer.unit;
  }

  #hint(i) {
    const unit = this.#unitOf(i);
    this.#hints[i].textContent = unit ? ` (in ${unit})` : "";
  }

  #setMessage(i, result) {
    const input = this.#inputs[i];
    const message = this.#messages[i];
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

  #grade({ announce }) {
    const answers = this.#variant.answers;
    const texts = this.#inputs.map((input) => input.value);
    if (texts.every((t) => !t.trim())) {
      answers.forEach((_, i) => this.#setMessage(i, null));
      this.#status.textContent = "Type your answers first, then check.";
      this.#inputs[0].focus();
      return;
    }
    const results = answers.map((answer, i) => (texts[i].trim() ? check(answer, texts[i], this.#unitOf(i)) : null));
    results.forEach((r, i) => this.#setMessage(i, r));
    const graded = results.filter((r) => r && r.status !== "invalid");
    const right = graded.filter((r) => r.status === "correct").length;
    if (graded.length) {
      this.#attempted = true;
      this.#toggle.hidden = false;
    }
    this.#state.replies = texts.map((t) => t.slice(0, 200));
    this.#state.units = answers.map((_, i) => (this.#radios[i].length ? this.#unitOf(i) : ""));
    this.#state.checked = graded.length > 0;
    this.#persist();
    const total = answers.length;
    this.#status.textContent = graded.length
      ? `${right} of ${total} ${total === 1 ? "answer" : "answers"} right.${right < total ? " The message under each answer says more." : ""}`
      : "Nothing checked yet: the message under the field says why.";
    if (announce) {
      const invalid = results.findIndex((r) => r && r.status === "invalid");
      if (invalid >= 0) this.#inputs[invalid].focus();
      this.#root.dispatchEvent(
        new CustomEvent("exercise:checked", {
          bubbles: true,
          detail: { id: this.#id, seed: this.#seed, right, total, statuses: results.map((r) => r?.status ?? null) },
        }),
      );
    }
  }

  #setSolution(open) {
    if (open && !this.#attempted) return; // only after an attempt
    this.#solution.hidden = !open;
    this.#toggle.setAttribute("aria-expanded", String(open));
    this.#toggle.textContent = open ? "Hide solution" : "Show solution";
  }
}
