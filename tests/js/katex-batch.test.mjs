// katex_batch.mjs: a batch rendered with shared templates must be, byte for byte, what rendering
// each formula on its own gives; and it must share only where that is proven.
import { test } from "node:test";
import assert from "node:assert/strict";

import katex from "../../node_modules/katex/dist/katex.mjs";
import { formulaRenderer, numberSlots, renderBatch } from "../../hooks/coursemd/katex_batch.mjs";

const render = formulaRenderer(katex);

/** renderBatch's results and how many formulas it asked KaTeX for. */
function batch(requests) {
  let calls = 0;
  const results = renderBatch(requests, (request) => {
    calls += 1;
    return render(request);
  });
  return { results, calls };
}

/** A small seeded generator, so a failure names a reproducible case. */
function numbers(seed) {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const fixed = (random, places) => random().toFixed(places);

/** Shapes like an exercise's worked steps, each filled with `count` sets of numbers. */
const SHAPES = [
  (r) => `-\\ln ${fixed(r, 4)} \\approx ${(1 + 3 * r()).toFixed(4)}`,
  (r) => `p(x_{${1 + Math.floor(r() * 9)}} \\mid x_{<${1 + Math.floor(r() * 9)}}) = ${fixed(r, 2)}`,
  (r) => `\\frac{${fixed(r, 3)}}{\\sqrt[${2 + Math.floor(r() * 7)}]{${fixed(r, 2)}}} = \\mathbf{${fixed(r, 1)}}`,
  (r) =>
    `\\begin{aligned} p(x) &= \\textstyle\\prod_{i=1}^{4} p(x_i) \\\\\n&= ${fixed(r, 2)} \\times ${fixed(r, 2)} \\\\ &= ${fixed(r, 4)}\\ \\text{${1 + Math.floor(r() * 8)} heads} \\end{aligned}`,
  (r) => `\\color{#1a2b3c}{${fixed(r, 3)}} + \\mathsf{${fixed(r, 2)}} + \\mathtt{${fixed(r, 2)}} + \\textbf{${fixed(r, 1)}}`,
  (r) => `\\exp(${fixed(r, 4)}) \\approx ${fixed(r, 4)} \\hspace{0.5em} x^{${Math.floor(r() * 9)}}`,
];

test("shared templates give exactly each formula's own render, in order", () => {
  const random = numbers(19);
  const requests = [];
  for (let i = 0; i < 40; i++) {
    for (const [index, shape] of SHAPES.entries()) requests.push({ tex: shape(random), display: index === 3 });
    if (i % 7 === 0) requests.push({ tex: "p(x_i \\mid x_{<i})", display: false });
  }
  const { results, calls } = batch(requests);
  assert.deepEqual(results, requests.map(render));
  // Six shapes of forty members each: at most three renders a shape, plus the formulas without numbers.
  assert.ok(calls <= SHAPES.length * 3 + 6, `${calls} KaTeX renders for ${requests.length} formulas`);
});

test("a template covers more than nine numbers (two probes) and a thousand members", () => {
  const random = numbers(7);
  const requests = Array.from({ length: 1000 }, () => ({
    tex: Array.from({ length: 12 }, () => fixed(random, 2)).join(" + "),
    display: true,
  }));
  const { results, calls } = batch(requests);
  assert.deepEqual(results, requests.map(render));
  assert.ok(calls <= 3, `${calls} renders`);
});

/** Groups whose numbers change more than the digits shown, or in fonts whose digits differ in size. */
const NOT_SHARED = {
  "Fraktur digits differ in height": (n) => `\\mathfrak{${n}}`,
  "italic digits differ in italic correction": (n) => `\\mathit{${n}} + \\textit{${n}}`,
  "old-style digits differ in depth": (n) => `\\mathnormal{${n}}`,
  "a character code": (n) => `\\char ${60 + (n % 30)}`,
  "a fraction's style number": (n) => `\\genfrac{(}{)}{}{${n % 4}}{a}{b}`,
  "a macro's parameter count": (n) => `\\def\\arraystretch{${1 + (n % 3)}}\\begin{matrix} a \\\\ b \\end{matrix}`,
};

for (const [what, shape] of Object.entries(NOT_SHARED)) {
  test(`not shared: ${what}`, () => {
    const requests = [1, 3, 4, 5, 7, 9, 2, 8].map((n) => ({ tex: shape(n), display: false }));
    const { results, calls } = batch(requests);
    assert.deepEqual(results, requests.map(render));
    assert.ok(calls >= requests.length, `${calls} renders for ${requests.length} formulas`);
  });
}

test("errors and warnings are each formula's own", () => {
  const broken = [1, 2, 3, 4, 5].map((n) => ({ tex: `\\frac{${n}}{`, display: false }));
  const warned = [1, 2, 3, 4, 5].map((n) => ({ tex: `${n} \\text{é} ${n + 1}`, display: false }));
  const mixed = [
    { tex: "\\sqrt{2.5}", display: false },
    { tex: "\\sqrt{3.5}", display: false },
    { tex: "\\sqrt{4.5}", display: false },
    { tex: "\\sqrt{5.5", display: false },
    { tex: "\\sqrt{6.5}", display: false },
  ];
  for (const requests of [broken, warned, mixed]) {
    const { results } = batch(requests);
    assert.deepEqual(results, requests.map(render));
  }
  assert.ok(batch(broken).results.every((result) => result.error));
});

test("numbers that are names, colours, parameters or dimensions stay part of the template's text", () => {
  const key = (tex) => numberSlots(tex)?.key;
  assert.equal(numberSlots("x2 + \\frac12 + \\mkern3mu"), null);
  assert.equal(numberSlots("\\color{#123456}{a}"), null);
  assert.equal(numberSlots("a \\\\[4pt] b \\hspace{0.1em} c \\kern 2 em"), null);
  assert.deepEqual(numberSlots("x_{12} = 0.5")?.digits, ["1", "2", "0", "5"]);
  assert.equal(key("x_{12} = 0.5"), key("x_{34} = 0.7"));
  assert.notEqual(key("x_{12} = 0.5"), key("x_{12} = 0.55"));
  assert.notEqual(key("a \\hspace{0.1em} 3"), key("a \\hspace{0.2em} 3"));
  assert.equal(numberSlots("\\char 65"), null);
});

/** A stand-in for KaTeX whose output has the shape of KaTeX's: the digits in a box, the TeX annotated. */
const fake = (box) => (request) => ({
  html: `<span class="katex">${box(request.tex)}<annotation encoding="application/x-tex">${request.tex}</annotation></span>`,
  warnings: [],
});

const GUARDS = {
  "digits shown in a box, as KaTeX does (shared)": [(tex) => `<span class="mord">${tex}</span>`, true],
  "a digit sets an attribute": [
    (tex) => `<span class="mord"><span class="mord" style="width:1.${tex[4]}em">${tex}</span></span>`,
    false,
  ],
  "a digit not shown outside the annotation": [() => `<span class="mord">x</span>`, false],
  "a digit in a box of uneven digits": [(tex) => `<span class="mord mathnormal">${tex}</span>`, false],
  "a digit after a closing tag": [(tex) => `<span class="mord"></span>${tex}`, false],
  "a digit shown as another digit": [(tex) => `<span class="mord">${tex.replace(/\d/g, (d) => (Number(d) + 1) % 10)}</span>`, false],
  "a digit's value changes the length": [(tex) => `<span class="mord">${tex}</span>${"!".repeat(tex.split("9").length - 1)}`, false],
  "a digit computed from the others": [
    (tex) => `<span class="mord">${tex}</span><span class="mord">${[...tex.replace(/\D/g, "")].reduce((a, d) => a + Number(d), 0) % 10}</span>`,
    false,
  ],
  "a probe's digit shown as a letter": [(tex) => `<span class="mord">${tex.replaceAll("7", "A")}</span>`, false],
  "a value the probes do not use changes the layout": [
    (tex) => `<span class="${tex.includes("7") ? "mbin" : "mord"}">${tex}</span>`,
    false,
  ],
};

for (const [what, [box, shared]] of Object.entries(GUARDS)) {
  test(`guard: ${what}`, () => {
    const renderFake = fake(box);
    const requests = ["a=1.7", "a=2.5", "a=3.1", "a=4.4", "a=5.2", "a=6.6"].map((tex) => ({ tex, display: false }));
    if (what.startsWith("a probe's digit")) requests.push(requests.shift()); // the first member has no 7
    let calls = 0;
    const results = renderBatch(requests, (request) => {
      calls += 1;
      return renderFake(request);
    });
    assert.deepEqual(results, requests.map(renderFake));
    assert.equal(calls < requests.length, shared, `${calls} renders`);
  });
}

/** A number with 1 to 3 integer digits and 0 to 5 decimals. */
const anyNumber = (random) => {
  const places = Math.floor(random() * 6);
  return (random() * 10 ** Math.floor(random() * 3)).toFixed(places);
};

test("numbers of any length share a number template, exactly each formula's own render", () => {
  const random = numbers(3);
  const shapes = [
    (r) => `-\\ln ${anyNumber(r)} \\approx ${anyNumber(r)}`,
    (r) => `p(x_{${1 + Math.floor(r() * 30)}}) = ${anyNumber(r)} \\times ${anyNumber(r)}`,
    (r) => `\\begin{aligned} a &= ${anyNumber(r)} \\\\ &= \\frac{${anyNumber(r)}}{\\sqrt{${anyNumber(r)}}}\\ \\text{${anyNumber(r)} nats} \\end{aligned}`,
  ];
  const requests = [];
  for (let i = 0; i < 60; i++) for (const [index, shape] of shapes.entries()) requests.push({ tex: shape(random), display: index === 2 });
  const { results, calls } = batch(requests);
  assert.deepEqual(results, requests.map(render));
  assert.ok(calls <= shapes.length * 4, `${calls} renders for ${requests.length} formulas`);
});

const NOT_BY_NUMBERS = {
  "a wide accent, sized by its count of characters": (n) => `\\widehat{${n}} + \\widetilde{${n}} + \\utilde{${n}}`,
  "two numbers set side by side": (n) => `${n} ${n}`,
  "a number next to a digit of the text": (n) => `x_1${n}`,
};

for (const [what, shape] of Object.entries(NOT_BY_NUMBERS)) {
  test(`numbers of other lengths not shared: ${what}`, () => {
    // \widehat{12} and \widehat{123} are drawn alike (the first member and the one checked), \widehat{1234} is not.
    const requests = ["12", "123", "1234", "12345", "123456", "1", "7", "78"].map((n) => ({ tex: shape(n), display: false }));
    const { results } = batch(requests);
    assert.deepEqual(results, requests.map(render));
  });
}

test("guard: a number template is checked on a member of another length", () => {
  // A stand-in whose layout changes with the count of characters, as a wide accent's does.
  const renderFake = fake((tex) => `<span class="${tex.length % 2 ? "mord" : "mord mbin"}">${tex}</span>`);
  const requests = ["a=1.7", "a=2.55", "a=3.1", "a=4.4", "a=5.25", "a=6.6"].map((tex) => ({ tex, display: false }));
  const results = renderBatch(requests, renderFake);
  assert.deepEqual(results, requests.map(renderFake));
});
