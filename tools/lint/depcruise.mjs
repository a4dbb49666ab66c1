// `npm run lint:deps`: dependency-cruiser, reading TypeScript with TypeScript 6 (see typescript-6.mjs).
import { binOf } from './typescript-6.mjs';

await import(binOf('dependency-cruiser', 'bin/dependency-cruiser.mjs'));
