// The lint plugins, re-exported from here so that the root eslint.config.js gets the ones
// installed beside TypeScript 6 (typescript-eslint parses through TypeScript's JavaScript API,
// which the project's TypeScript 7 no longer has).
export { default as js } from '@eslint/js';
export { default as tseslint } from 'typescript-eslint';
export { default as reactHooks } from 'eslint-plugin-react-hooks';
export { default as globals } from 'globals';
