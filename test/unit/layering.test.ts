/**
 * The layering rule (STYLE.md) is enforced by ESLint's no-restricted-imports.
 * These tests lint deliberate violations as if they sat in each layer, and the
 * real tree, which must be clean.
 */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: new URL('../..', import.meta.url).pathname });

async function restricted(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layering rule', () => {
  it.each([
    ['src-main/engine/bad.ts', "import { app } from 'electron';\nexport const x = app;\n", /never import electron/],
    ['src-main/common/bad.ts', "import fs from 'node:fs';\nexport const x = fs;\n", /no Node modules/],
    ['src-main/common/bad.ts', "import { Engine } from '../engine/engine';\nexport const x = Engine;\n", /common\/ imports only common/],
    ['src-renderer/bad.ts', "import { Engine } from '../src-main/engine/engine';\nexport const x = Engine;\n", /only src-renderer\/ and src-main\/common/],
    ['src-renderer/screens/bad.ts', "import { DuckDBInstance } from '@duckdb/node-api';\nexport const x = DuckDBInstance;\n", /sandboxed page/],
    ['src-main/preload/bad.ts', "import fs from 'node:fs';\nexport const x = fs;\n", /bridges typed API calls only/],
    ['src-main/cli/bad.ts', "import { app } from 'electron';\nexport const x = app;\n", /without Electron/],
  ])('catches a deliberate violation in %s', async (file, code, message) => {
    const messages = await restricted(file, code);
    expect(messages.length).toBeGreaterThan(0);
    expect(messages.join('\n')).toMatch(message);
  });

  it('allows what the layers may import', async () => {
    expect(await restricted('src-renderer/ok.ts', "import { ok } from '../src-main/common/result';\nexport const x = ok;\n")).toEqual([]);
    expect(await restricted('src-main/engine/ok.ts', "import fs from 'node:fs';\nimport { ok } from '../common/result';\nexport const x = [fs, ok];\n")).toEqual([]);
  });
});
