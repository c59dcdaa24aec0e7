// The fresh-sequence exercise: a seeded sequence, the student's joint and NLL, checked.
//
// Python renders <div data-widget="nll-exercise" data-seed data-unit data-vocabulary
// data-url-key> with the authored instance and its answer in <details> (no JavaScript needed).
// mount() replaces that with the interactive exercise. The instance and the checks come from
// nll-math.js; pytest checks they equal the Python reference's for 1,000 seeds.
//
// The worked solution is HTML math (<var>, <sub>, ×, −): the site ships no KaTeX script.
import * as nll from "./nll-math.js";
import { factorHtml, jointHtml } from "./calculator.js";
import { el } from "./dom.js";


const escapeHtml = (text) =>
  String(text).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
const show = (x, digits = 4) => (x === Infinity ? "∞" : nll.fixed(x, digits).replace(/^-/, "−"));

const VERDICT = { correct: "Correct.", mistake: "Not quite.", close: "Almost.", wrong: "Not yet.", invalid: "Check the number." };

export function mount(root) {
  let vocabulary;
  try {
    vocabulary = JSON.parse(root.dataset.vocabulary);
    if (!Array.isArray(vocabulary) || vocabulary.length < 3) throw new Error("vocabulary too small");
  } catch (error) {
    console.error("nll-exercise: the block's data is unreadable; showing the fixed instance", error);
    return;
  }
  new Exercise(root, vocabulary);
}

class Exercise {
  constructor(root, vocabulary) {
    this.root = root;
    this.id = root.id || "nll-exercise";
    this.vocabulary = vocabulary;
    this.urlKey = root.dataset.urlKey || "ex-seed";
    this.authoredSeed = nll.parseSeed(root.dataset.seed) ?? 0;
    this.unit = root.dataset.unit === "bits" ? "bits" : "nats";
    const query = new URLSearchParams(window.location.search).get(this.urlKey);
    const seed = nll.parseSeed(nll.fragmentValue(window.location.hash, this.urlKey)) ?? nll.parseSeed(query);
    root.querySelector(".nll-ex__static")?.remove();
    this.build();
    this.load(seed ?? this.authoredSeed, { writeUrl: false });
    // A link to another sequence followed on this page changes only the fragment.
    window.addEventListener("hashchange", () => {
      const linked = nll.parseSeed(nll.fragmentValue(window.location.hash, this.urlKey));
      if (linked !== null && linked !== this.seed) this.load(linked, { writeUrl: false });
    });
  }

  build() {
    const id = this.id;
    this.prompt = el("div", { class: "nll-ex__prompt" });
    this.joint = el("input", { type: "text", id: `${id}-joint`, inputmode: "decimal", autocomplete: "off", spellcheck: "false", "aria-describedby": `${id}-joint-msg` });
    this.nll = el("input", { type: "text", id: `${id}-nll`, inputmode: "decimal", autocomplete: "off", spellcheck: "false", "aria-describedby": `${id}-nll-msg` });
    this.jointMsg = el("p", { class: "nll-ex__message", id: `${id}-joint-msg`, hidden: true });
    this.nllMsg = el("p", { class: "nll-ex__message", id: `${id}-nll-msg`, hidden: true });
    this.units = ["nats", "bits"].map((unit) =>
      el("input", { type: "radio", name: `${id}-unit`, id: `${id}-unit-${unit}`, value: unit, checked: unit === this.unit }),
    );
    this.nllLabel = el("label", { for: `${id}-nll` });
    this.check = el("button", { type: "submit", class: "nll-btn nll-btn--primary", text: "Check" });
    this.showSolution = el("button", { type: "button", class: "nll-btn", text: "Show solution", hidden: true, "aria-expanded": "false", "aria-controls": `${id}-solution` });
    this.newSequence = el("button", { type: "button", class: "nll-btn", text: "New sequence" });
    this.feedback = el("div", { class: "nll-ex__feedback", role: "status", "aria-live": "polite" });
    this.solution = el("div", { class: "nll-ex__solution", id: `${id}-solution`, hidden: true });
    this.link = el("p", { class: "nll-ex__link" });
    this.form = el(
      "form",
      { class: "nll-ex__form", novalidate: true },
      el("div", { class: "nll-ex__field" }, el("label", { for: `${id}-joint`, html: "Joint probability <var>p</var>(<var>x</var>)" }), this.joint, this.jointMsg),
      el("fieldset", { class: "nll-ex__units" }, el("legend", { text: "Give the NLL in" }),
        ...this.units.flatMap((radio) => [el("label", { for: radio.id }, radio, ` ${radio.value}`)])),
      el("div", { class: "nll-ex__field" }, this.nllLabel, this.nll, this.nllMsg),
      el("div", { class: "nll-ex__buttons" }, this.check, this.showSolution, this.newSequence),
    );
    this.ui = el("div", { class: "nll-ex__ui" }, this.prompt, this.form, this.feedback, this.solution, this.link);
    this.root.append(this.ui);

    this.form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.grade();
    });
    this.ui.addEventListener("change", (event) => {
      if (this.units.includes(event.target)) {
        this.unit = event.target.value;
        this.labelNll();
        this.setMessage(this.nll, this.nllMsg, null);
        if (!this.solution.hidden) this.renderSolution();
      }
    });
    this.ui.addEventListener("click", (event) => {
      if (event.target === this.showSolution) this.toggleSolution();
      if (event.target === this.newSequence) this.load(Math.floor(Math.random() * 1_000_000), { focus: true });
    });
  }

  labelNll() {
    this.nllLabel.innerHTML = `NLL, −${this.unit === "bits" ? "log<sub>2</sub>" : "ln"} <var>p</var>(<var>x</var>), in ${this.unit}`;
  }

  load(seed, { writeUrl = true, focus = false } = {}) {
    this.seed = seed;
    this.instance = nll.makeInstance(seed, this.vocabulary);
    this.attempted = false;
    const { tokens, probabilities } = this.instance;
    const rows = tokens
      .map((token, i) => `<tr><td>${i + 1}</td><td><code>${escapeHtml(token)}</code></td><td>${factorHtml(i + 1)} = ${probabilities[i]}</td></tr>`)
      .join("");
    this.prompt.innerHTML =
      `<p>Sequence number ${seed}: a model gives the tokens <q>${escapeHtml(tokens.join(" "))}</q> these conditional probabilities.</p>` +
      `<div class="nll-ex__scroll" role="region" tabindex="0" aria-label="The sequence's conditional probabilities"><table class="nll-ex__table">` +
      `<caption>Sequence ${seed}</caption><thead><tr><th scope="col">i</th><th scope="col">token</th>` +
      `<th scope="col">conditional</th></tr></thead><tbody>${rows}</tbody></table></div>` +
      `<p>Compute the joint probability and the negative log-likelihood.</p>`;
    this.joint.value = "";
    this.nll.value = "";
    this.setMessage(this.joint, this.jointMsg, null);
    this.setMessage(this.nll, this.nllMsg, null);
    this.feedback.textContent = "";
    this.showSolution.hidden = true;
    this.solution.hidden = true;
    this.showSolution.setAttribute("aria-expanded", "false");
    this.labelNll();
    const hash = nll.withFragmentKey(window.location.hash, this.urlKey, String(seed));
    this.link.innerHTML = `Link to this sequence, for a class: <a href="${escapeHtml(hash)}">${escapeHtml(hash)}</a>`;
    if (writeUrl) {
      try {
        window.history.replaceState(window.history.state, "", window.location.pathname + window.location.search + hash);
      } catch {
        // a sandboxed page may refuse; the exercise still works
      }
    }
    if (focus) this.joint.focus();
  }

  setMessage(input, message, result) {
    if (!result) {
      input.removeAttribute("aria-invalid");
      message.hidden = true;
      message.textContent = "";
      message.removeAttribute("data-status");
      return;
    }
    input.setAttribute("aria-invalid", result.status === "correct" ? "false" : "true");
    message.hidden = false;
    message.dataset.status = result.status;
    message.dataset.mistake = result.mistake ?? "";
    message.textContent = result.status === "correct" ? "Correct." : `${VERDICT[result.status]} ${result.message}.`;
  }

  grade() {
    const jointText = this.joint.value;
    const nllText = this.nll.value;
    if (!jointText.trim() && !nllText.trim()) {
      this.feedback.textContent = "Enter the joint probability, the NLL or both, then check.";
      return;
    }
    const results = [];
    if (jointText.trim()) {
      const r = nll.checkJoint(this.instance, jointText);
      this.setMessage(this.joint, this.jointMsg, r);
      results.push(`Joint: ${VERDICT[r.status]}`);
    } else this.setMessage(this.joint, this.jointMsg, null);
    if (nllText.trim()) {
      const r = nll.checkNll(this.instance, nllText, this.unit);
      this.setMessage(this.nll, this.nllMsg, r);
      results.push(`NLL: ${VERDICT[r.status]}`);
    } else this.setMessage(this.nll, this.nllMsg, null);
    this.attempted = true;
    this.showSolution.hidden = false;
    this.feedback.textContent = results.join(" ") + " The message under each field says more.";
  }

  toggleSolution() {
    if (!this.attempted) return; // only after an attempt
    const open = this.solution.hidden;
    this.solution.hidden = !open;
    this.showSolution.setAttribute("aria-expanded", String(open));
    this.showSolution.textContent = open ? "Hide solution" : "Show solution";
    if (open) this.renderSolution();
  }

  renderSolution() {
    const { probabilities } = this.instance;
    const s = nll.summarize(probabilities);
    const n = probabilities.length;
    const factors = probabilities.map((_, i) => factorHtml(i + 1)).join(" × ");
    const values = probabilities.join(" × ");
    const terms = probabilities.map((p, i) => `${i ? "− " : "−"}ln ${p}`).join(" ");
    const sum = s.surprisal_nats.map((x) => show(x)).join(" + ");
    const steps = [
      `<strong>Chain rule.</strong> <var>p</var>(<var>x</var>) = ${factors} = ${values} = <strong>${jointHtml(s.joint)}</strong>`,
      `<strong>Per-token surprisal.</strong> ${probabilities.map((p, i) => `−ln ${p} = ${show(s.surprisal_nats[i])}`).join("; ")}`,
      `<strong>NLL, the sum.</strong> −ln <var>p</var>(<var>x</var>) = ${terms} = ${sum} = <strong>${show(s.nll_nats)} nats</strong>`,
    ];
    if (this.unit === "bits") {
      steps.push(`<strong>In bits.</strong> ${show(s.nll_nats)} ÷ ln 2 = ${show(s.nll_nats)} ÷ 0.6931 = <strong>${show(s.nll_bits)} bits</strong>`);
    }
    steps.push(`<strong>Check.</strong> −ln ${s.joint.decimal ?? s.joint.text} = ${show(s.nll_nats)} nats, the same number: the log of a product is the sum of the logs.`);
    steps.push(`<strong>Not asked, for comparison.</strong> The mean per token is ${show(s.nll_nats)} ÷ ${n} = ${show(s.mean_nats)} nats; the perplexity is exp(${show(s.mean_nats)}) = ${show(s.perplexity)}.`);
    this.solution.innerHTML = `<p class="nll-ex__heading">Solution</p><ol>${steps.map((x) => `<li>${x}</li>`).join("")}</ol>`;
  }
}
