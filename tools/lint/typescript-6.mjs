// The lint tools read TypeScript through its JavaScript API, which the project's TypeScript 7 (the
// native compiler) no longer has. npm hoists most of them (dependency-cruiser, ts-api-utils) to the
// root, where `typescript` is 7: this resolve hook hands them, and only them, the TypeScript 6
// installed beside this file. Imported first by tools/lint/depcruise.mjs and tools/lint/eslint.mjs.
import { createRequire, registerHooks } from 'node:module';
import { pathToFileURL } from 'node:url';

const fromHere = createRequire(import.meta.url);
// Without a TypeScript they can use, dependency-cruiser would skip .ts files and pass on nothing.
const { version } = fromHere('typescript/package.json');
if (!version.startsWith('6.')) throw new Error(`tools/lint needs TypeScript 6 (its API), found ${version}`);

const LINT_TOOLS = /\/node_modules\/(dependency-cruiser|ts-api-utils|@typescript-eslint\/[^/]+|typescript-eslint)\//;

registerHooks({
  resolve(specifier, context, nextResolve) {
    if ((specifier === 'typescript' || specifier.startsWith('typescript/')) && LINT_TOOLS.test(context.parentURL ?? '')) {
      return { url: pathToFileURL(fromHere.resolve(specifier)).href, shortCircuit: true };
    }
    return nextResolve(specifier, context);
  },
});

/** The file URL of a bin script of a package installed for the lint tools (their exports name no bin). */
export function binOf(pkg, bin) {
  const main = import.meta.resolve(pkg);
  const at = main.lastIndexOf(`/node_modules/${pkg}/`);
  return `${main.slice(0, at)}/node_modules/${pkg}/${bin}`;
}
