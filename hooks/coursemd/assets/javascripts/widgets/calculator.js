// The chain-rule/NLL calculator: rows of (token, conditional probability), results live.
//
// Python renders <div data-widget="calculator" data-rows=… data-vocabulary=… data-logits=…
// data-target=…> holding the worked example (KaTeX, no JavaScript needed). mount() replaces
// that with the calculator. All math is in nll-math.js, which pytest checks against the Python.
//
// A sequence may have up to 1,000 rows, and each add, remove or edit must answer within a frame
// or two. So nothing is rebuilt that did not change: a row is created once and keeps its
// elements and its number (removing one moves the tokens after it up a place, field values only,
// and takes the last row's element out), each row's parsed value is kept until its text changes, the results are one O(rows) pass over those values that writes
// only the cells whose text changed, the chart is one <path> beyond CHART_LABELS bars, nothing
// reads layout while writing (the chart's width comes from a ResizeObserver), and the live
// regions and the address are written at most a few times a second.
//
// Math in the browser is plain HTML (<var>, <sub>, ×, −): the site ships no KaTeX script, and
// these formulas are short enough that HTML reads as well and is read out by screen readers.
import * as nll from "./nll-math.js";
import { el, nextTask } from "./dom.js";
import { unfinished } from "./number-input.js";

const MAX_ROWS = 1000;
const MAX_TOKEN = 24; // as calculator.py's; the field's maxlength
const MAX_TEXT = 200; // a probability's text kept from an address: longer is refused anyway
const CHART_LABELS = 16; // beyond this many bars, token and value labels would overlap
const LISTED = 10; // rows named in one message; beyond, "and N more"
const LONG_LIST = 12; // beyond this many rows, rows and table out of view are not laid out
const URL_PAUSE = 300; // ms without a change before the address is written
const ROWS = Symbol("the rows, encoded when written");

// --- Small DOM helpers (el is dom.js's) -----------------------------------------------------

const SVG = "http://www.w3.org/2000/svg";
function svg(tag, attrs = {}, text = null) {
  const node = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, String(value));
  if (text !== null) node.textContent = text;
  return node;
}

const escapeHtml = (text) =>
  String(text).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);

/** p(x_i | x_<i) as HTML, in the lesson's notation. */
export function factorHtml(i) {
  return i === 1
    ? "p(<var>x</var><sub>1</sub>)"
    : `p(<var>x</var><sub>${i}</sub> | <var>x</var><sub>&lt;${i}</sub>)`;
}

/** A scientific() result as HTML, once: 0.12 as a decimal, 1.20 × 10<sup>−400</sup> when too small for one. */
export function jointHtml(sci) {
  if (sci.text === "0") return "0";
  return sci.decimal ? sci.decimal : `${sci.mantissa} × 10<sup>${String(sci.exponent).replace("-", "−")}</sup>`;
}

/**
 * Whether a field holds a number still being typed: "0", "0." or "0.0" on the way to 0.05,
 * "2," or "1/" or "3e-". Such a text is not an answer yet (each of the zeros would read as a
 * probability of 0, an infinite NLL), so while the field has focus the results wait for the
 * next key; once it loses focus the text is read as it stands. (number-input.js's.)
 */
export { unfinished };

const minus = (text) => String(text).replace(/^-/, "−");
const show = (x, digits = 4) => (x === Infinity ? "∞" : minus(nll.fixed(x, digits)));

/** "1, 2, 3" or, for many, "1, 2, …, 10 and 990 more": a message stays short at 1,000 rows. */
export function listed(numbers, limit = LISTED) {
  if (numbers.length <= limit) return numbers.join(", ");
  return `${numbers.slice(0, limit).join(", ")} and ${numbers.length - limit} more`;
}

// --- The widget --------------------------------------------------------------------------------

export async function mount(root) {
  let authored;
  let vocabulary;
  let authoredLogits;
  let authoredTarget;
  try {
    authored = JSON.parse(root.dataset.rows);
    vocabulary = JSON.parse(root.dataset.vocabulary);
    authoredLogits = JSON.parse(root.dataset.logits);
    authoredTarget = Number(root.dataset.target) || 0;
    if (!Array.isArray(authored) || !authored.length) throw new Error("no rows");
  } catch (error) {
    console.error("calculator: the block's data is unreadable; showing the worked example", error);
    return;
  }
  // Two tasks, each well under 50 ms on a 4x-slowed phone (one was up to 47 ms): the controls
  // and rows are made off the page, then the first results are written and it all goes in at
  // once, in place of the worked example, so no half-made calculator is ever painted.
  const calculator = new Calculator(root, authored, vocabulary, authoredLogits.map(String), authoredTarget);
  await nextTask();
  calculator.start();
}

class Calculator {
  constructor(root, authored, vocabulary, logits, target) {
    this.root = root;
    this.id = root.id || "calculator";
    this.authored = authored.map(([token, text]) => [String(token), String(text)]);
    this.vocabulary = vocabulary;
    this.logitTexts = logits;
    this.target = target;
    this.lastGood = null;
    this.timers = new Map();
    this.rows = []; // row i's elements, made once (makeRow); only the tokens in them move
    this.tableRows = [];
    this.said = ""; // what the last step did, said before the results it changed
    this.written = new WeakMap(); // element → the HTML last written into it

    this.build();
    this.setRows(this.linkedRows() ?? this.authored);
  }

  /** Write the first results and put the calculator on the page in place of the worked example. */
  start() {
    const root = this.root;
    // Read once, before anything is written (the worked example is as wide as the calculator);
    // later sizes come from the observer, so no update forces a layout to learn the chart's width.
    this.width = root.clientWidth;
    this.update({ announce: false, writeUrl: false });
    this.updateSoftmax({ announce: false });
    root.querySelector(".nll-calc__static")?.remove();
    root.append(this.ui);
    if (typeof ResizeObserver === "function") {
      new ResizeObserver((entries) => {
        const width = Math.round(entries[entries.length - 1].contentRect.width);
        if (Math.abs(width - this.width) < 1) return;
        this.width = width;
        if (this.lastGood) this.renderChart(this.lastGood.rows, this.lastGood.s);
      }).observe(root);
    }
    window.addEventListener("pagehide", () => this.flushUrl());
    // A shared link followed on this same page changes only the fragment.
    window.addEventListener("hashchange", () => {
      const linked = this.linkedRows();
      if (!linked) return;
      // The link wins over a write still waiting for the student to pause.
      clearTimeout(this.timers.get("url"));
      this.pendingUrl = undefined;
      if (nll.encodeRows(linked) === this.encoded()) return;
      this.setRows(linked);
      this.update({ writeUrl: false });
    });
  }

  /** The rows the address holds for this calculator, bounded; null if none or unreadable. */
  linkedRows() {
    const rows = nll.decodeRows(nll.fragmentValue(window.location.hash, this.id), MAX_ROWS);
    if (!rows || !rows.length) return null;
    return rows.map(([token, text]) => [token.slice(0, MAX_TOKEN), text.slice(0, MAX_TEXT)]);
  }

  encoded() {
    return nll.encodeRows(this.rows.map((r) => [r.token, r.text]));
  }

  // --- Markup ----------------------------------------------------------------------------------

  build() {
    const id = this.id;
    this.modeSequence = el("input", { type: "radio", name: `${id}-mode`, id: `${id}-mode-seq`, value: "sequence", checked: true });
    this.modeSoftmax = el("input", { type: "radio", name: `${id}-mode`, id: `${id}-mode-softmax`, value: "softmax" });
    const mode = el(
      "fieldset",
      { class: "nll-calc__mode" },
      el("legend", { text: "Calculator mode" }),
      el("label", { for: `${id}-mode-seq` }, this.modeSequence, " Sequence: chain rule and NLL"),
      el("label", { for: `${id}-mode-softmax` }, this.modeSoftmax, " One step: softmax over logits"),
    );

    // Sequence panel
    this.list = el("ol", { class: "nll-calc__rows", "aria-label": "Tokens and their conditional probabilities" });
    this.addButton = el("button", { type: "button", class: "nll-btn", text: "Add a row" });
    this.resetButton = el("button", { type: "button", class: "nll-btn", text: "Reset to the example" });
    this.repeatCount = el("input", { id: `${id}-repeat-n`, type: "number", min: 1, max: MAX_ROWS, value: 400, inputmode: "numeric" });
    this.repeatP = el("input", { id: `${id}-repeat-p`, type: "text", value: "0.1", inputmode: "decimal", autocomplete: "off", "aria-describedby": `${id}-repeat-msg` });
    this.repeatMsg = el("p", { id: `${id}-repeat-msg`, class: "nll-calc__message", hidden: true });
    this.repeatButton = el("button", { type: "button", class: "nll-btn", text: "Append" });
    const repeat = el(
      "details",
      { class: "nll-calc__repeat" },
      el("summary", { text: "Append many rows at once (try 400 rows of 0.1)" }),
      el(
        "div",
        { class: "nll-calc__repeat-fields" },
        el("label", { for: `${id}-repeat-n`, text: "How many rows" }),
        this.repeatCount,
        el("label", { for: `${id}-repeat-p`, text: "Probability of each" }),
        this.repeatP,
        this.repeatButton,
      ),
      this.repeatMsg,
    );
    // The live summary is for screen readers: the same numbers are on screen once, below it.
    this.status = el("p", { class: "nll-calc__status nll-calc__sr", role: "status", "aria-live": "polite" });
    this.stale = el("p", { class: "nll-calc__stale", hidden: true });
    this.product = el("div", { class: "nll-calc__product" });
    this.totals = el("dl", { class: "nll-calc__totals" });
    this.zeroNote = el("p", { class: "nll-calc__zero", hidden: true });
    // Only what the rows above and the totals do not show already: each token's surprisal.
    // Their sum is the NLL in the totals. One table row per row (makeTableRow).
    this.tbody = el("tbody");
    this.table = el(
      "table",
      { class: "nll-calc__table" },
      el("caption", { html: "Per-token surprisal, −ln <var>p</var> (the chart's values; their sum is the NLL)" }),
      el(
        "thead",
        {},
        el("tr", {}, el("th", { scope: "col", text: "i" }), el("th", { scope: "col", text: "token" }), el("th", { scope: "col", text: "−ln p (nats)" }), el("th", { scope: "col", html: "−log<sub>2</sub> p (bits)" })),
      ),
      this.tbody,
    );
    this.tableBox = el("div", { class: "nll-calc__scroll", role: "region", tabindex: 0, "aria-label": "Per-token surprisal table" }, this.table);
    this.chart = el("figure", { class: "nll-calc__chart" });
    this.naiveToggle = el("input", { type: "checkbox", id: `${id}-naive` });
    this.naive = el("p", { class: "nll-calc__naive", id: `${id}-naive-text`, hidden: true });
    this.sequencePanel = el(
      "div",
      { class: "nll-calc__panel", id: `${id}-sequence` },
      this.list,
      el("div", { class: "nll-calc__buttons" }, this.addButton, this.resetButton),
      repeat,
      el("p", { class: "nll-calc__heading", text: "Results" }),
      this.status,
      this.stale,
      this.product,
      this.totals,
      this.zeroNote,
      this.tableBox,
      this.chart,
      el("p", { class: "nll-calc__toggle" }, this.naiveToggle, el("label", { for: `${id}-naive`, text: " Show what a naive product of floats gives" })),
      this.naive,
    );

    // Softmax panel
    this.logitInputs = [];
    this.logitMessages = []; // kept: the first results are written before the calculator is on the page
    this.targetInputs = [];
    const logitRows = this.vocabulary.map((token, i) => {
      const input = el("input", { type: "text", id: `${id}-logit-${i}`, value: this.logitTexts[i], inputmode: "decimal", autocomplete: "off", "aria-describedby": `${id}-logit-${i}-msg` });
      const radio = el("input", { type: "radio", name: `${id}-target`, id: `${id}-target-${i}`, value: i, checked: i === this.target });
      const message = el("p", { class: "nll-calc__message", id: `${id}-logit-${i}-msg`, hidden: true });
      this.logitInputs.push(input);
      this.logitMessages.push(message);
      this.targetInputs.push(radio);
      return el(
        "li",
        { class: "nll-calc__logit" },
        el("label", { for: `${id}-logit-${i}` }, "Logit ", el("var", { text: "z" }), " for ", el("code", { text: token })),
        input,
        el("label", { class: "nll-calc__pick", for: `${id}-target-${i}` }, radio, " chosen next token"),
        message,
      );
    });
    this.softmaxStatus = el("p", { class: "nll-calc__status", role: "status", "aria-live": "polite" });
    this.softmaxStale = el("p", { class: "nll-calc__stale", hidden: true });
    this.softmaxTable = el("table", { class: "nll-calc__table" });
    this.softmaxPanel = el(
      "div",
      { class: "nll-calc__panel", id: `${id}-softmax`, hidden: true },
      el("p", {
        html:
          "One step of a model: logits <var>z</var> over a small vocabulary, turned into probabilities by the softmax. " +
          "The loss for the token that came next is −log softmax(<var>z</var>)<sub><var>y</var></sub> = logsumexp(<var>z</var>) − <var>z</var><sub><var>y</var></sub>.",
      }),
      el("ul", { class: "nll-calc__logits", "aria-label": "Logits over the vocabulary" }, ...logitRows),
      el("p", { class: "nll-calc__heading", text: "Softmax" }),
      this.softmaxStatus,
      this.softmaxStale,
      el("div", { class: "nll-calc__scroll", role: "region", tabindex: 0, "aria-label": "Softmax probabilities table" }, this.softmaxTable),
    );

    const lead = el("p", {
      class: "nll-calc__lead",
      html:
        "<strong>Chain-rule calculator.</strong> Edit the tokens and their conditional probabilities, add or " +
        "remove rows, or switch to one softmax step. Probabilities can be written 0.25, 0,25, 1/4 or 2.5e-1.",
    });
    this.ui = el("div", { class: "nll-calc__ui" }, lead, mode, this.sequencePanel, this.softmaxPanel); // start() puts it in

    // One delegated listener per event type.
    this.ui.addEventListener("input", (event) => this.onInput(event));
    this.ui.addEventListener("change", (event) => this.onChange(event));
    this.ui.addEventListener("click", (event) => this.onClick(event));
  }

  /**
   * Row `number`'s elements, made once. A row is a place in the sequence, not a token: its
   * number, ids and labels never change, and a removal moves the tokens after it up one place
   * (moveUp), so no label is rewritten and only the last row's element leaves the list.
   */
  makeRow(number) {
    const probId = `${this.id}-p-${number}`;
    const tokId = `${this.id}-t-${number}`;
    const msgId = `${probId}-msg`;
    const row = { number, token: "", text: "", parsed: null, problem: null };
    const factor = number === 1 ? [el("sub", { text: "1" })] : [el("sub", { text: String(number) }), " | ", el("var", { text: "x" }), el("sub", { text: `<${number}` })];
    row.tokenInput = el("input", { type: "text", id: tokId, class: "nll-calc__token", maxlength: MAX_TOKEN, autocomplete: "off", spellcheck: "false" });
    row.probInput = el("input", { type: "text", id: probId, class: "nll-calc__p", inputmode: "decimal", autocomplete: "off", spellcheck: "false", "aria-describedby": msgId });
    row.remove = el("button", { type: "button", class: "nll-calc__remove", "data-action": "remove", text: "Remove", "aria-label": `Remove row ${number}` });
    row.message = el("p", { class: "nll-calc__message", id: msgId, hidden: true });
    row.li = el(
      "li",
      { class: "nll-calc__row" },
      el("span", { class: "nll-calc__label" }, el("label", { for: tokId, text: `Token ${number}` }), row.tokenInput),
      el(
        "span",
        { class: "nll-calc__label" },
        el("label", { for: probId }, "p(", el("var", { text: "x" }), ...factor, ")", el("span", { class: "nll-calc__sr", text: ` probability of token ${number} given the tokens before it` })),
        row.probInput,
      ),
      row.remove,
      row.message,
    );
    row.li.calculatorRow = row; // events find their row without searching the list
    return row;
  }

  /** Put a token and its probability's text in a row, writing a field only if it differs. */
  fill(row, token, text, parsed = nll.parseProbability(text)) {
    row.token = token;
    row.text = text;
    row.parsed = parsed;
    if (row.tokenInput.value !== token) row.tokenInput.value = token;
    if (row.probInput.value !== text) row.probInput.value = text;
  }

  /** The table's row for position `number`: its number, token and surprisal, as text nodes. */
  makeTableRow(number) {
    // Text, never markup: a token is what the student typed.
    const texts = [String(number), "", "", ""].map((text) => document.createTextNode(text));
    const tr = el("tr", {}, el("td", {}, texts[0]), el("td", {}, el("code", {}, texts[1])), el("td", {}, texts[2]), el("td", {}, texts[3]));
    return { tr, texts, values: texts.map((node) => node.data) };
  }

  /** Rows and table rows for `pairs`, reusing the rows there are: reset, a followed link, Append. */
  setRows(pairs, from = 0) {
    const rows = document.createDocumentFragment();
    const tableRows = document.createDocumentFragment();
    pairs.forEach(([token, text], k) => {
      const index = from + k;
      if (index === this.rows.length) {
        this.rows.push(this.makeRow(index + 1));
        rows.append(this.rows[index].li);
        this.tableRows.push(this.makeTableRow(index + 1));
        tableRows.append(this.tableRows[index].tr);
      }
      this.fill(this.rows[index], String(token), String(text));
    });
    this.list.append(rows);
    this.tbody.append(tableRows);
    this.truncate(from + pairs.length);
  }

  /** Drop the rows from `length` on (and their table rows); keep the buttons' states right. */
  truncate(length) {
    for (const row of this.rows.splice(length)) row.li.remove();
    for (const cells of this.tableRows.splice(length)) cells.tr.remove();
    this.rows[0].remove.disabled = this.rows.length === 1;
    if (this.rows.length > 1) this.rows[1].remove.disabled = false;
    this.addButton.disabled = this.rows.length >= MAX_ROWS;
    this.list.classList.toggle("nll-calc__rows--long", this.rows.length > LONG_LIST);
  }

  removeRow(index) {
    if (this.rows.length <= 1) return;
    // Focus stays where it was in the list: on this row's probability, which now holds the next
    // token's (the last row's removal: the row before). It moves before anything changes:
    // focusing an element in a changed page forces a layout first.
    const last = this.rows.length - 1;
    this.rows[Math.min(index, last - 1)].probInput.focus({ preventScroll: true });
    // Each later token moves up a place: two field values per row, which the browser lays out
    // for the rows on screen only. Taking a row element out of the middle of the list instead
    // restyles the whole list (measured: 15-30 ms at 990 rows, against 5 ms for the last one).
    for (let k = index; k < last; k++) {
      const below = this.rows[k + 1];
      this.fill(this.rows[k], below.token, below.text, below.parsed);
    }
    // The table's rows keep their values: the removed one leaves (a table row is cheap to take
    // out of the middle) and the numbers after it are rewritten, one text node each.
    this.tableRows.splice(index, 1)[0].tr.remove();
    for (let k = index; k < last; k++) {
      const cells = this.tableRows[k];
      cells.values[0] = cells.texts[0].data = String(k + 1);
    }
    this.truncate(last);
    this.said = `Row ${index + 1} removed; the tokens after it moved up one place.`;
  }

  // --- Events ---------------------------------------------------------------------------------

  onInput(event) {
    const input = event.target;
    const row = input.closest(".nll-calc__row")?.calculatorRow;
    if (row) {
      if (input === row.tokenInput) {
        row.token = input.value;
      } else if (input === row.probInput) {
        row.text = input.value;
        row.parsed = nll.parseProbability(row.text);
      }
      this.update();
    } else if (this.logitInputs.includes(input)) {
      this.updateSoftmax();
    }
  }

  onChange(event) {
    const input = event.target;
    if (input.classList.contains("nll-calc__p") && unfinished(input.value)) {
      // The student left the field with "0." in it: read it as it stands now.
      this.update({ settle: true });
      return;
    }
    if (input === this.modeSequence || input === this.modeSoftmax) {
      const softmax = this.modeSoftmax.checked;
      this.sequencePanel.hidden = softmax;
      this.softmaxPanel.hidden = !softmax;
    } else if (input === this.naiveToggle) {
      this.naive.hidden = !this.naiveToggle.checked;
    } else if (this.targetInputs.includes(input)) {
      this.target = Number(input.value);
      this.updateSoftmax();
    }
  }

  onClick(event) {
    const button = event.target.closest("button");
    if (!button) return;
    if (button === this.addButton) {
      if (this.rows.length >= MAX_ROWS) return;
      this.setRows([[`t${this.rows.length + 1}`, "0.5"]], this.rows.length);
      this.update();
      // Last: focus scrolls the new row into view, which lays out the page once, after every
      // change is written.
      // Selected, so what the student types replaces the default 0.5.
      const added = this.rows[this.rows.length - 1].probInput;
      added.focus();
      added.select();
    } else if (button === this.resetButton) {
      this.setRows(this.authored);
      this.update({ writeUrl: false });
      this.writeUrl(null);
      this.flushUrl(); // one click, not a burst: the address forgets the rows at once
    } else if (button === this.repeatButton) {
      this.appendRepeated();
    } else if (button.dataset.action === "remove") {
      const row = button.closest(".nll-calc__row")?.calculatorRow;
      const index = row ? this.rows.indexOf(row) : -1;
      if (index >= 0 && this.rows.length > 1) {
        this.removeRow(index);
        this.update();
      }
    }
  }

  appendRepeated() {
    const count = Number(this.repeatCount.value);
    const parsed = nll.parseProbability(this.repeatP.value);
    let problem = null;
    if (!Number.isInteger(count) || count < 1) problem = "Enter how many rows: a whole number from 1";
    else if (this.rows.length + count > MAX_ROWS) problem = `At most ${MAX_ROWS} rows in all; you have ${this.rows.length}`;
    else if (parsed.error) problem = parsed.message;
    this.setMessage(this.repeatP, this.repeatMsg, problem);
    if (problem) return;
    const start = this.rows.length;
    const text = this.repeatP.value.trim();
    this.setRows(Array.from({ length: count }, (_, k) => [`t${start + k + 1}`, text]), start);
    this.update();
  }

  // --- Results ----------------------------------------------------------------------------------

  setMessage(input, message, problem) {
    if (problem) {
      if (message.textContent === problem && !message.hidden) return;
      input.setAttribute("aria-invalid", "true");
      message.textContent = problem;
      message.hidden = false;
    } else {
      input.removeAttribute("aria-invalid");
      message.textContent = "";
      message.hidden = true;
    }
  }

  update({ announce = true, writeUrl = true, settle = false } = {}) {
    // One pass over the rows' kept parses; a row's message is written only when it changes.
    const focused = document.activeElement;
    const values = [];
    const bad = [];
    const typing = [];
    this.rows.forEach((row, index) => {
      let problem = null;
      if (!settle && focused === row.probInput && unfinished(row.text)) typing.push(index + 1);
      else if (row.parsed.error) {
        problem = row.parsed.message;
        bad.push({ row: index + 1, message: problem });
      } else values.push(row.parsed.value);
      if (problem !== row.problem) {
        row.problem = problem;
        this.setMessage(row.probInput, row.message, problem);
      }
    });
    if (bad.length || typing.length) {
      // Keep the last good result on screen, say why it is not updating, and tell a screen
      // reader too: the field's own message is only its description, which is not read out
      // when it changes.
      const results = this.lastGood ? " The results below are for the last valid rows." : "";
      this.stale.hidden = false;
      if (bad.length) {
        this.stale.textContent = `Row ${listed(bad.map((b) => b.row))} needs a valid probability.${results}`;
        const said = bad
          .slice(0, 3)
          .map((b) => `Row ${b.row}: ${b.message.replace(/[^.!?]$/, "$&.")}`)
          .join(" ");
        const more = bad.length > 3 ? ` ${bad.length - 3} more rows need a valid probability.` : "";
        this.announce(this.status, `${this.takeSaid()}${said}${more}${results}`, announce);
      } else {
        // A number still being typed ("0."): wait quietly for the next key, and drop what the
        // key before it would have announced ("0", an infinite NLL).
        clearTimeout(this.timers.get(this.status));
        this.stale.textContent = `Row ${listed(typing)} is still being typed.${results}`;
      }
      return;
    }
    this.stale.hidden = true;
    const rows = this.rows.map((row, i) => ({ token: row.token, text: row.text.trim(), p: values[i] }));
    this.renderResults(rows, announce);
    if (writeUrl) this.writeUrl(ROWS);
  }

  renderResults(rows, announce) {
    const ps = rows.map((r) => r.p);
    const s = nll.summarize(ps);
    this.lastGood = { rows, s };
    const n = rows.length;
    const zeros = [];
    rows.forEach((r, i) => r.p === 0 && zeros.push(i + 1));

    // The chain rule, each factor labelled (at most 12 shown; then the count).
    const shown = rows.slice(0, 12);
    const chips = shown
      .map((r, i) => `<li><span class="nll-calc__factor">${factorHtml(i + 1)}</span><span class="nll-calc__value">${escapeHtml(r.text)}</span></li>`)
      .join('<li class="nll-calc__times" aria-hidden="true">×</li>');
    const more = n > shown.length ? `<li class="nll-calc__more">× … (${n - shown.length} more factors)</li>` : "";
    const joint = n <= 3 ? `p(${rows.map((_, i) => `<var>x</var><sub>${i + 1}</sub>`).join(", ")})` : `p(<var>x</var><sub>1</sub>, …, <var>x</var><sub>${n}</sub>)`;
    this.setHtml(
      this.product,
      `<p class="nll-calc__product-line">Chain rule: ${joint} = ${n === 1 ? "" : "the product of the conditionals"}</p>` +
        `<ul class="nll-calc__factors" aria-label="The factors of the product">${chips}${more}</ul>` +
        `<p class="nll-calc__joint">Joint probability: <strong>${jointHtml(s.joint)}</strong>${zeros.length ? " exactly" : ""}</p>`,
    );

    const entries = [
      ["NLL, sum of −ln p", `<strong>${show(s.nll_nats)} nats</strong> = <strong>${show(s.nll_bits)} bits</strong>`],
      ["Mean per token", `${show(s.mean_nats)} nats = ${show(s.mean_bits)} bits`],
      ["Perplexity, exp(mean nats)", `<strong>${show(s.perplexity)}</strong>`],
    ];
    this.setHtml(this.totals, entries.map(([k, v]) => `<div><dt>${k}</dt><dd>${v}</dd></div>`).join(""));

    this.zeroNote.hidden = !zeros.length;
    if (zeros.length) {
      this.zeroNote.textContent =
        `Token ${listed(zeros)} has probability exactly 0, so its surprisal −ln 0 is infinite: ` +
        "the model calls this sequence impossible, one impossible token makes the whole sequence impossible, " +
        "and the NLL and perplexity are infinite. This is why models never give a token probability exactly 0.";
    }

    this.renderTable(rows, s);
    this.renderChart(rows, s);
    this.renderNaive(s.naive, n);

    const summary =
      `Joint probability ${s.joint.decimal ?? `${s.joint.mantissa} × 10^${minus(s.joint.exponent)}`}. ` +
      `NLL ${show(s.nll_nats)} nats, ${show(s.nll_bits)} bits. ` +
      `Mean ${show(s.mean_nats)} nats per token; perplexity ${show(s.perplexity)}.`;
    this.announce(this.status, `${this.takeSaid()}${summary}`, announce);
  }

  /** What the last step did ("Row 3 removed; ..."), once, before the results it changed. */
  takeSaid() {
    const said = this.said ? `${this.said} ` : "";
    this.said = "";
    return said;
  }

  /** Set an element's HTML only when it differs: an unchanged block is not re-parsed or re-laid out. */
  setHtml(element, html) {
    if (this.written.get(element) === html) return;
    element.innerHTML = html;
    this.written.set(element, html);
  }

  renderTable(rows, s) {
    // A result writes only the cells whose text changed: an edit, one row's; a removal, none
    // (removeRow() took the row's table row out).
    rows.forEach((r, i) => {
      const cells = this.tableRows[i];
      const texts = [r.token || "(empty)", show(s.surprisal_nats[i]), show(s.surprisal_bits[i])];
      for (let k = 1; k < 4; k++) {
        if (cells.values[k] !== texts[k - 1]) cells.values[k] = cells.texts[k].data = texts[k - 1];
      }
    });
    this.tableBox.classList.toggle("nll-calc__scroll--long", rows.length > LONG_LIST);
  }

  renderChart(rows, s) {
    const n = rows.length;
    const bits = s.surprisal_bits;
    let top = 1;
    for (const b of bits) if (Number.isFinite(b) && b > top) top = b;
    top *= 1.15;
    // The drawing is as wide as the widget (no scaling), so its labels stay readable on a phone.
    const width = Math.max(280, Math.min(720, this.width - 32 || 600));
    const [height, left, bottom, head] = [220, 44, 34, 22];
    const plotH = height - bottom - head;
    const slot = (width - left - 8) / n;
    const barW = Math.max(1, Math.min(60, slot * 0.7));
    const labels = n <= Math.min(CHART_LABELS, Math.floor(width / 36));
    const chart = svg("svg", { viewBox: `0 0 ${width} ${height}`, width, height, class: "nll-calc__svg", "aria-hidden": "true", focusable: "false" });
    const ticks = [0, top / 2 / 1.15, top / 1.15];
    for (const t of ticks) {
      const y = head + plotH - (t / top) * plotH;
      chart.append(svg("line", { x1: left, x2: width - 4, y1: y, y2: y, class: "nll-calc__grid" }));
      chart.append(svg("text", { x: left - 6, y: y + 4, "text-anchor": "end", class: "nll-calc__tick" }, nll.fixed(t, 1)));
    }
    chart.append(svg("text", { x: 4, y: 14, class: "nll-calc__tick" }, "bits"));
    // Few bars: one <rect> each, labelled. Many: all finite bars as one <path> and all
    // infinite ones as another, two elements whatever the count, a few ∞ marks at most.
    const finite = [];
    const infinite = [];
    let marks = 0;
    bits.forEach((b, i) => {
      const isInfinite = !Number.isFinite(b);
      const h = isInfinite ? plotH : (b / top) * plotH;
      const x = left + slot * i + (slot - barW) / 2;
      const y = head + plotH - h;
      if (labels) {
        chart.append(svg("rect", { x, y, width: barW, height: Math.max(h, 0.5), class: isInfinite ? "nll-calc__bar nll-calc__bar--inf" : "nll-calc__bar" }));
      } else {
        (isInfinite ? infinite : finite).push(`M${x.toFixed(2)} ${(head + plotH).toFixed(2)}v${(-Math.max(h, 0.5)).toFixed(2)}h${barW.toFixed(2)}v${Math.max(h, 0.5).toFixed(2)}z`);
      }
      if (labels || (isInfinite && marks++ < CHART_LABELS)) {
        chart.append(svg("text", { x: x + barW / 2, y: y - 5, "text-anchor": "middle", class: "nll-calc__tick" }, isInfinite ? "∞" : nll.fixed(b, 2)));
      }
      if (labels) {
        const token = rows[i].token.length > 8 ? rows[i].token.slice(0, 7) + "…" : rows[i].token;
        chart.append(svg("text", { x: x + barW / 2, y: height - bottom + 16, "text-anchor": "middle", class: "nll-calc__tick" }, token));
      }
    });
    if (finite.length) chart.append(svg("path", { d: finite.join(""), class: "nll-calc__bar" }));
    if (infinite.length) chart.append(svg("path", { d: infinite.join(""), class: "nll-calc__bar nll-calc__bar--inf" }));
    this.chart.replaceChildren(
      chart,
      el("figcaption", {
        text: `Surprisal of each token in bits (${n} bar${n === 1 ? "" : "s"}; a taller bar is a less expected token). The table above lists the same values.`,
      }),
    );
  }

  renderNaive(naive, n) {
    // Only numbers go into this HTML, never typed text.
    const [mantissa, exponent] = naive.product.toExponential(3).split("e");
    const product = naive.product === 0 ? "exactly 0" : `${mantissa} × 10<sup>${minus(exponent.replace("+", ""))}</sup>`;
    let text = `Multiplying the ${n} floats left to right (float64) gives <strong>${product}</strong>.`;
    if (naive.subnormal_at !== null) text += ` The running product dropped below 2.2 × 10<sup>−308</sup> and started losing precision (subnormal) at factor ${naive.subnormal_at}.`;
    if (naive.zero_at !== null) {
      text += ` It underflowed to exactly 0 at factor ${naive.zero_at}: every later factor is lost, and log 0 = −∞. The log-space result above stays exact.`;
    } else if (naive.subnormal_at === null) {
      text += " No underflow here; add many small factors (the Append tool) to see it.";
    }
    this.naive.innerHTML = text;
  }

  // --- Softmax ------------------------------------------------------------------------------

  updateSoftmax({ announce = true } = {}) {
    const logits = [];
    let bad = false;
    this.logitInputs.forEach((input, i) => {
      const parsed = nll.parseLogit(input.value);
      this.setMessage(input, this.logitMessages[i], parsed.message);
      if (parsed.error) bad = true;
      else logits.push(parsed.value);
    });
    this.softmaxStale.hidden = !bad;
    if (bad) {
      this.softmaxStale.textContent = "A logit needs a valid number; the table below is for the last valid logits.";
      return;
    }
    const r = nll.softmax(logits, this.target);
    const rows = this.vocabulary
      .map((token, i) => {
        const chosen = i === this.target;
        return (
          `<tr${chosen ? ' class="nll-calc__chosen"' : ""}><td><code>${escapeHtml(token)}</code>${chosen ? " <strong>(chosen)</strong>" : ""}</td>` +
          `<td>${show(logits[i], 2)}</td><td>${show(r.probabilities[i])}</td><td>${show(-r.log_probs[i])}</td></tr>`
        );
      })
      .join("");
    this.softmaxTable.innerHTML =
      `<caption>Softmax of the logits</caption><thead><tr><th scope="col">token</th><th scope="col">logit <var>z</var></th>` +
      `<th scope="col">softmax p</th><th scope="col">−ln p (nats)</th></tr></thead><tbody>${rows}</tbody>` +
      `<tfoot><tr><th scope="row">logsumexp(<var>z</var>)</th><td colspan="3">${show(r.logsumexp)}</td></tr></tfoot>`;
    const summary =
      `Chosen token ${this.vocabulary[this.target]}: p = ${show(r.probabilities[this.target])}, ` +
      `−ln p = logsumexp(z) − z(${this.vocabulary[this.target]}) = ${show(r.logsumexp)} − ${show(logits[this.target], 2)} = ` +
      `${show(r.nll_nats)} nats = ${show(r.nll_bits)} bits.`;
    this.announce(this.softmaxStatus, summary, announce);
  }

  // --- State --------------------------------------------------------------------------------

  announce(region, text, now) {
    // The live region is polite and debounced: a screen reader hears the result once the
    // student pauses typing, not once per keystroke.
    clearTimeout(this.timers.get(region));
    if (!now) {
      region.textContent = text;
      return;
    }
    this.timers.set(region, setTimeout(() => {
      region.textContent = text;
    }, 250));
  }

  /** Put the rows (ROWS) or nothing (null) in the address, once the student pauses. */
  writeUrl(value) {
    // Once the student pauses, not on every key or click: replaceState with 1,000 rows in the
    // address costs tens of milliseconds, and browsers throttle a flood of them (dropping
    // writes, the last one included). Leaving the page writes what is pending.
    this.pendingUrl = value;
    clearTimeout(this.timers.get("url"));
    this.timers.set("url", setTimeout(() => this.flushUrl(), URL_PAUSE));
  }

  flushUrl() {
    clearTimeout(this.timers.get("url"));
    this.timers.delete("url");
    if (this.pendingUrl === undefined) return;
    const hash = nll.withFragmentKey(window.location.hash, this.id, this.pendingUrl === ROWS ? this.encoded() : null);
    this.pendingUrl = undefined;
    if (hash === window.location.hash) return;
    const url = window.location.pathname + window.location.search + hash;
    try {
      window.history.replaceState(window.history.state, "", url || window.location.pathname);
    } catch {
      // a sandboxed page may refuse; the calculator still works
    }
  }
}
