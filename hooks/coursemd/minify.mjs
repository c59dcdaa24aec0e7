// Minifies the generator's CSS and JS for one build, with esbuild: one Node process, all files.
//
// Each file is transformed on its own, not bundled: a widget module keeps its `import` lines,
// so widgets/index.js still imports only the modules of the blocks a page shows, and each
// module is downloaded once however many widgets share it. (Bundling with code splitting
// saved 1.4 KB of 49 KB on the practice page, for chunk files whose names change with every
// edit; not worth it.)
//
// stdin:  {"esbuild": "<node_modules/esbuild>", "files": [{"name": "a.js", "loader": "js", "code": "..."}]}
// stdout: [{"code": "..."} | {"error": "a.js:3:7: Expected \";\" but found \"x\""}, ...] in the same order
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const request = JSON.parse(readFileSync(0, "utf8"));
// The esbuild package is passed in (the project's node_modules), like katex_server.mjs's KaTeX.
const loaded = await import(pathToFileURL(join(request.esbuild, "lib", "main.js")).href);
const esbuild = loaded.default ?? loaded;

const results = await Promise.all(
  request.files.map(async ({ name, loader, code }) => {
    try {
      // charset utf8: keep "←" and "’" as they are; esbuild's default \u escapes are longer.
      // format esm: every script the site serves is a module (type="module", or imported by
      // one), so a file without import or export (a11y-fixes.js) still has its top-level names
      // shortened; read as a classic script, they would be globals and kept whole.
      const format = loader === "js" ? { format: "esm" } : {};
      const out = await esbuild.transform(code, { loader, minify: true, charset: "utf8", ...format, sourcefile: name, logLevel: "silent" });
      return { code: out.code };
    } catch (error) {
      const first = error.errors?.[0];
      const where = first?.location ? `${name}:${first.location.line}:${first.location.column + 1}: ` : `${name}: `;
      return { error: where + (first?.text ?? String(error.message ?? error)) };
    }
  }),
);
process.stdout.write(JSON.stringify(results));
esbuild.stop?.();
