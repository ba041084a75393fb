// Lint rules: recommended JS + TypeScript, a ban on console in server code (use the logger),
// and the import boundaries of docs/ARCHITECTURE.md ("Boundaries"), which keep the kernel free
// of modules and every module reachable only through its index.ts.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

/**
 * Import boundaries for a file `depth` folders below src/modules (1: src/modules/<m>/x.ts,
 * 2: src/modules/<m>/<sub>/x.ts …). Going up 1..depth levels and then into a folder reaches
 * another module or a sibling sub-module: only its index.js may be named. Going up depth+1
 * levels reaches src/, where server/ is the assembly no module may import. A module's own
 * sub-folders (./sub/…) are its own business.
 */
export function moduleBoundaries(depth) {
  return {
    files: [`src/modules/${'*/'.repeat(depth)}*.{ts,tsx}`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: `^(\\.\\./){${depth + 1}}server(/|$)`,
              message:
                'A module may not import src/server (the assembly); shared helpers live in src/kernel.',
            },
            {
              regex: `^(\\.\\./){1,${depth}}[^./][^/]*/(?!index\\.js$)`,
              message:
                'Reach another module (or a sibling sub-module) through its index.js only: its other files are its own.',
            },
          ],
        },
      ],
    },
  };
}

export const kernelBoundaries = {
  files: ['src/kernel/**/*.{ts,tsx}'],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          {
            regex: '^(\\.\\./)+(modules|server)(/|$)',
            message:
              'The kernel imports no module and not the server: define a small interface here that the module implements.',
          },
        ],
      },
    ],
  },
};

export default tseslint.config(
  { ignores: ['node_modules', 'dist', 'data', 'test-results', 'playwright-report'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // `interface PermissionNames extends Record<…> {}` is how a module names its permissions
      // for the type checker (declaration merging); an empty interface with no parent is still refused.
      '@typescript-eslint/no-empty-object-type': ['error', { allowInterfaces: 'with-single-extends' }],
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/cli/**'],
    rules: { 'no-console': 'error' },
  },
  moduleBoundaries(1),
  moduleBoundaries(2),
  moduleBoundaries(3),
  kernelBoundaries,
);
