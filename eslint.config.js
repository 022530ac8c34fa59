// Lint, and the layering rule of STYLE.md: a file imports only from its own
// layer or the ones below it. `common` is the contract (no node, no electron,
// no React); `engine` never touches electron; the renderer sees only itself
// and `common`.
import tseslint from 'typescript-eslint';

const node = ['node:*', 'fs', 'path', 'os', 'child_process', 'crypto', 'http', 'url', 'util', 'stream', 'worker_threads'];
const pattern = (group, message) => ({ group, message });

const layer = (files, patterns) => ({
  files,
  rules: { 'no-restricted-imports': ['error', { patterns }] },
});

export default tseslint.config(
  { ignores: ['node_modules/**', 'out/**', 'dist-web/**', 'test-results/**', 'playwright-report/**', 'bench-results/**', 'test/fixtures/layering/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  layer(['src-main/common/**'], [
    pattern(node, 'common/ is plain TypeScript: no Node modules.'),
    pattern(['electron', 'react', 'react-dom', '@duckdb/*'], 'common/ is the contract: no electron, React or DuckDB.'),
    pattern(['**/engine/**', '**/app/**', '**/preload/**', '**/web/**', '**/cli/**', '**/src-renderer/**'], 'common/ imports only common/.'),
  ]),
  layer(['src-main/engine/**'], [
    pattern(['electron', 'electron/*'], 'The engine runs in plain Node (tests, CLI): never import electron.'),
    pattern(['react', 'react-dom', '**/app/**', '**/preload/**', '**/web/**', '**/cli/**', '**/src-renderer/**'], 'engine/ imports only engine/ and common/.'),
  ]),
  layer(['src-main/cli/**', 'src-main/web/**'], [
    pattern(['electron', 'electron/*'], 'The CLI and web mode run without Electron.'),
    pattern(['react', 'react-dom', '**/app/**', '**/preload/**', '**/src-renderer/**'], 'cli/ and web/ use engine/ and common/ only.'),
  ]),
  layer(['src-main/preload/**'], [
    pattern([...node, '**/engine/**', '**/app/**', '**/web/**', '**/cli/**', '**/src-renderer/**', '@duckdb/*'], 'preload/ bridges typed API calls only.'),
  ]),
  layer(['src-main/app/**'], [
    pattern(['react', 'react-dom', '**/src-renderer/**', '**/cli/**', '**/web/**'], 'app/ is the Electron shell over engine/ and common/.'),
  ]),
  layer(['src-renderer/**'], [
    pattern([...node, 'electron', 'electron/*', '@duckdb/*'], 'The renderer runs in a sandboxed page: no Node, Electron or DuckDB.'),
    pattern(['**/src-main/engine/**', '**/src-main/app/**', '**/src-main/preload/**', '**/src-main/web/**', '**/src-main/cli/**', '../src-main/engine/*'], 'The renderer imports only src-renderer/ and src-main/common/.'),
  ]),
);
