// Runs dependency-cruiser with this folder's TypeScript 6. dependency-cruiser reads .ts files
// through TypeScript's JavaScript API, which the project's TypeScript 7 (the native compiler)
// no longer has, and npm hoists dependency-cruiser to the root, where `typescript` is 7. This
// resolve hook hands dependency-cruiser (and only it) the TypeScript installed beside this file.
import { createRequire, registerHooks } from 'node:module';
import { pathToFileURL } from 'node:url';

const fromHere = createRequire(import.meta.url);
// Without a TypeScript it can use, dependency-cruiser skips .ts files and passes on nothing.
const { version } = fromHere('typescript/package.json');
if (!version.startsWith('6.')) throw new Error(`tools/lint needs TypeScript 6 (its API) for dependency-cruiser, found ${version}`);

registerHooks({
  resolve(specifier, context, nextResolve) {
    const fromCruiser = context.parentURL?.includes('/node_modules/dependency-cruiser/') ?? false;
    if (fromCruiser && (specifier === 'typescript' || specifier.startsWith('typescript/'))) {
      return { url: pathToFileURL(fromHere.resolve(specifier)).href, shortCircuit: true };
    }
    return nextResolve(specifier, context);
  },
});

// The package exports no bin path: find its folder from its main entry.
const main = import.meta.resolve('dependency-cruiser');
const root = main.slice(0, main.lastIndexOf('/node_modules/dependency-cruiser/'));
await import(`${root}/node_modules/dependency-cruiser/bin/dependency-cruiser.mjs`);
