// Renders TeX with KaTeX for the build, one long-lived process per build.
//
// Why a server: spawning the katex CLI once per formula costs ~76 ms (and ~0.7 s
// when markdown-katex re-probes `npx` each time); one process answering
// newline-delimited JSON on stdin/stdout costs well under 1 ms per formula.
//
// Protocol, one JSON object per line:
//   request  {"id": 1, "tex": "x^2", "display": false}
//   response {"id": 1, "html": "<span class=\"katex\">...", "warnings": []}
//          | {"id": 1, "error": "KaTeX parse error: ..."}
//   or many at once (a page's formulas: one round trip instead of one per formula)
//   request  {"id": 2, "batch": [{"tex": "x^2", "display": false}, ...]}
//   response {"id": 2, "batch": [{"html": "...", "warnings": []}, {"error": "..."}, ...]}
// The first line written is {"ready": true, "version": "<katex version>"}.
import readline from "node:readline";
import { pathToFileURL } from "node:url";
import { formulaRenderer, renderBatch } from "./katex_batch.mjs";

// The KaTeX package is passed in (node_modules/katex/dist/katex.mjs) rather than
// resolved from this file, so the script works wherever the Python package lives.
const katex = (await import(pathToFileURL(process.argv[2]).href)).default;

const render = formulaRenderer(katex);
const write = (obj) => process.stdout.write(JSON.stringify(obj) + "\n");

write({ ready: true, version: katex.version });

const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
lines.on("line", (line) => {
  if (!line.trim()) return;
  let request;
  try {
    request = JSON.parse(line);
  } catch (err) {
    write({ id: null, error: `bad request: ${err.message}` });
    return;
  }
  if (Array.isArray(request.batch)) {
    // Formulas that differ only in their numbers (an exercise's variants) share KaTeX's work.
    write({ id: request.id, batch: renderBatch(request.batch, render) });
  } else {
    write({ id: request.id, ...render(request) });
  }
});
