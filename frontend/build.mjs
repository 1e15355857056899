// Builds Heard's assets into heard/static/dist: the branded stylesheet and the
// scripts and images we serve from govuk-frontend and htmx (never committed).
import { cpSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "heard", "static", "dist");
const govuk = join(root, "node_modules", "govuk-frontend", "dist", "govuk");

mkdirSync(out, { recursive: true });

const css = sass.compile(join(root, "frontend", "heard.scss"), {
  loadPaths: [join(root, "node_modules")],
  style: "compressed",
  quietDeps: true,
  silenceDeprecations: ["import"],
});
writeFileSync(join(out, "heard.css"), css.css);

cpSync(join(govuk, "govuk-frontend.min.js"), join(out, "govuk-frontend.min.js"));
cpSync(join(root, "node_modules", "htmx.org", "dist", "htmx.min.js"), join(out, "htmx.min.js"));
// GOV.UK images (crown, crest) are reserved for GOV.UK services, so we ship our own icon.
// The crest is still shipped because govuk-frontend's stylesheet refers to it: without
// it the production static storage refuses to collect the stylesheet.
mkdirSync(join(out, "assets", "images"), { recursive: true });
cpSync(join(root, "frontend", "favicon.svg"), join(out, "assets", "images", "favicon.svg"));
cpSync(
  join(govuk, "assets", "images", "govuk-crest.svg"),
  join(out, "assets", "images", "govuk-crest.svg"),
);
cpSync(join(root, "frontend", "heard.js"), join(out, "heard.js"));
cpSync(join(root, "frontend", "timeout-warning.js"), join(out, "timeout-warning.js"));

// Build check: every url() the stylesheet refers to under /static/ must be a file we built,
// or `heard collectstatic` with the production storage stops with MissingFileError.
const missing = [];
for (const match of css.css.matchAll(/url\(["']?([^"')]+)["']?\)/g)) {
  const ref = match[1];
  if (!ref.startsWith("/static/")) continue;
  const path = join(root, "heard", "static", ref.slice("/static/".length).split(/[?#]/)[0]);
  if (!existsSync(path)) missing.push(ref);
}
if (missing.length) {
  console.error(`The stylesheet refers to files the build does not ship:\n  ${missing.join("\n  ")}`);
  process.exit(1);
}

console.log(`Built assets in ${out}`);
