// `npm run lint`: ESLint, with typescript-eslint parsing through TypeScript 6 (see typescript-6.mjs).
import { binOf } from './typescript-6.mjs';

await import(binOf('eslint', 'bin/eslint.js'));
