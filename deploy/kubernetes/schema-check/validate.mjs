// Validates KEDA, Gateway API and prometheus-operator resources with the @kubernetes-models packages (package.json
// pins their versions). Two checks per resource, because the packages' validators accept unknown fields:
//  1. the package's own JSON-schema validator (types, required fields, enums, patterns): new Model(doc).validate();
//  2. the package's TypeScript declarations, through the TypeScript compiler: an object literal of the resource typed
//     as its interface fails on unknown fields (excess property checks), wrong types and missing required fields.
// Usage: node validate.mjs <documents.json>  (a JSON array of resources). Prints a JSON array, one entry per
// resource it knows: {index, kind, name, errors}; a resource of another group is left to the other validators.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const packages = {
  "keda.sh": "@kubernetes-models/keda",
  "gateway.networking.k8s.io": "@kubernetes-models/gateway-api",
  "monitoring.coreos.com": "@kubernetes-models/prometheus-operator",
};

const here = dirname(fileURLToPath(import.meta.url));
const docs = JSON.parse(readFileSync(process.argv[2], "utf8"));
const work = join(here, ".work");
rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });

const results = [];
const files = new Map();
for (const [index, doc] of docs.entries()) {
  const [group, version] = String(doc?.apiVersion ?? "").split("/");
  const pkg = packages[group];
  if (!pkg || !version) continue;
  const kind = String(doc.kind);
  const module = `${pkg}/${group}/${version}/${kind}`;
  const result = { index, kind, name: doc.metadata?.name ?? "", errors: [] };
  results.push(result);
  let model;
  try {
    model = await import(module);
  } catch (e) {
    result.errors.push(`no model for ${doc.apiVersion} ${kind} in ${pkg}: ${e.message}`);
    continue;
  }
  try {
    new model[kind](doc).validate();
  } catch (e) {
    result.errors.push(`schema: ${e.message}`);
  }
  const file = join(work, `doc${index}.ts`);
  writeFileSync(file, `import type { I${kind} } from "${module}";\nexport const doc: I${kind} = ${JSON.stringify(doc, null, 2)};\n`);
  files.set(file, result);
}

if (files.size > 0) {
  const program = ts.createProgram([...files.keys()], {
    strict: true, noEmit: true, skipLibCheck: true, types: [],
    module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2022,
  });
  for (const d of ts.getPreEmitDiagnostics(program)) {
    const result = d.file && files.get(d.file.fileName);
    const message = ts.flattenDiagnosticMessageText(d.messageText, " ");
    if (!result) {
      throw new Error(`TypeScript: ${message}`);
    }
    const { line } = d.file.getLineAndCharacterOfPosition(d.start ?? 0);
    const near = d.file.text.split("\n")[line].trim();
    result.errors.push(`types: ${message} (at ${near})`);
  }
}
rmSync(work, { recursive: true, force: true });
process.stdout.write(JSON.stringify(results, null, 1) + "\n");
