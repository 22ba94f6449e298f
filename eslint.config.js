// Lint rules, including the dependency rules of docs/architecture.md (import-x/no-restricted-paths).
import { readdirSync } from 'node:fs';
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import importX from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

const features = readdirSync(new URL('./src/features', import.meta.url), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name);

const featureZones = features.flatMap((name) => {
  const others = features.filter((f) => f !== name).map((f) => `./src/features/${f}`);
  return [
    // index.ts registers its own feature's routes, and nothing of another feature's
    {
      target: `./src/features/${name}/index.ts`,
      from: others,
      message: 'A feature’s index.ts registers its own routes only.',
    },
    // routes: their own feature, and other features only through their services (and the review policy, and
    // the API shapes another feature owns: the framework upgrade's API answers with an assessment round)
    ...others.map((from) => ({
      target: `./src/features/${name}/**/*.routes.ts`,
      from: `${from}/**/*`,
      except: ['**/*.service.ts', '**/policy.ts', '**/api.json.ts', '**/api.schemas.ts'],
      message: 'Routes reach another feature through its service, never its forms, repository or routes.',
    })),
    {
      target: `./src/features/${name}/**/*.routes.ts`,
      from: './src/db',
      message: 'Routes never touch the database: call the service.',
    },
    // services: other features only through their services (and framework schema types)
    ...others.map((from) => ({
      target: `./src/features/${name}/**/*.service.ts`,
      from: `${from}/**/*`,
      except: ['**/*.service.ts', '**/*.schema.ts', '**/policy.ts'],
      message: 'A service may use another feature’s service, never its repository or routes.',
    })),
  ];
});

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'data/', 'coverage/', 'bench/results/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { 'import-x': importX },
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    settings: { 'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })] },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'import-x/no-duplicates': 'error',
      'import-x/first': 'error',
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            { target: './src/plugins', from: './src/features', message: 'Plugins never import features.' },
            {
              target: './src/lib',
              from: ['./src/features', './src/plugins', './src/db', './src/config'],
              message: 'lib/ holds small pure helpers with no dependencies on the app.',
            },
            {
              target: './src/db/migrations',
              from: ['./src/features', './src/plugins', './src/lib', './src/config'],
              message: 'Migrations are frozen: they import Kysely only.',
            },
            {
              target: './src/features/**/*.repository.ts',
              from: ['./src/features/**/*', './src/plugins/**/*', './src/config/**/*'],
              except: ['**/*.repository.ts'],
              message: 'Repositories use the db schema and Kysely only.',
            },
            ...featureZones,
          ],
        },
      ],
      'no-restricted-imports': 'off',
    },
  },
  {
    // Dependencies run one way: no module imports one that (through others) imports it back.
    files: ['src/**/*.ts'],
    rules: { 'import-x/no-cycle': 'error' },
  },
  {
    // Type-aware rules, on the TypeScript that tsconfig.json covers: no promise left floating or handed to a
    // callback that ignores it, no assertion the types already make, and no `any` spreading from a library
    // boundary (res.json(), JSON.parse, a form body) into the code: give it a type once where it comes in.
    files: ['src/**/*.ts', 'test/**/*.ts', 'e2e/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts', '*.config.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unnecessary-type-assertion': 'error',
      '@typescript-eslint/no-unsafe-argument': 'error',
      '@typescript-eslint/no-unsafe-assignment': 'error',
      '@typescript-eslint/no-unsafe-call': 'error',
      '@typescript-eslint/no-unsafe-member-access': 'error',
      '@typescript-eslint/no-unsafe-return': 'error',
    },
  },
  {
    // Migrations are frozen once shipped: a rule added later does not reach back into them.
    files: ['src/db/migrations/**/*.ts'],
    rules: { '@typescript-eslint/no-unnecessary-type-assertion': 'off' },
  },
  {
    files: ['src/lib/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: ['fastify', 'kysely'], patterns: ['@fastify/*'] }],
    },
  },
  {
    files: ['assets/js/**/*.js'],
    languageOptions: {
      globals: {
        window: 'readonly',
        document: 'readonly',
        history: 'readonly',
        URL: 'readonly',
        fetch: 'readonly',
        FormData: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
      },
    },
  },
  {
    files: ['bin/**/*.js', 'scripts/**/*.mjs', '*.config.{js,ts}', 'eslint.config.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
  prettier,
);
