// Builds Heard's assets into heard/static/dist: the branded stylesheet and the
// scripts and images we serve from govuk-frontend and htmx (never committed).
import { cpSync, mkdirSync, writeFileSync } from "node:fs";
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
mkdirSync(join(out, "assets", "images"), { recursive: true });
cpSync(join(root, "frontend", "favicon.svg"), join(out, "assets", "images", "favicon.svg"));
cpSync(join(root, "frontend", "heard.js"), join(out, "heard.js"));
cpSync(join(root, "frontend", "timeout-warning.js"), join(out, "timeout-warning.js"));

console.log(`Built assets in ${out}`);
