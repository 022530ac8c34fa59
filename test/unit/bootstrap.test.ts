/** First start: a missing default workspace is created from the demo data, atomically. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultWorkspacePath, openOrCreateDemo } from '../../src-main/engine/bootstrap';
import { tempDir } from '../helpers/workspace';

describe('bootstrap', () => {
  it('defaults to $SOTONG_HOME/demo.duckdb', () => {
    expect(defaultWorkspacePath('/home/u/.sotong')).toBe(path.join('/home/u/.sotong', 'demo.duckdb'));
  });

  it('builds the demo workspace on first start, with progress, and reopens it as is afterwards', async () => {
    const file = path.join(tempDir(), 'nested', 'demo.duckdb');
    const phases = new Set<string>();
    const engine = await openOrCreateDemo(file, (p) => phases.add(p.phase), 0.05);
    const info = await engine.api().info({});
    await engine.close();
    expect(phases.size).toBeGreaterThan(0);
    expect(info.ok && info.value.tables.find((t) => t.name === 'participations')!.rows).toBeGreaterThan(0);
    expect(fs.existsSync(`${file}.creating`)).toBe(false);
    const mtime = fs.statSync(file).mtimeMs;
    const again = await openOrCreateDemo(file, () => {
      throw new Error('must not regenerate');
    });
    await again.close();
    expect(fs.statSync(file).mtimeMs).toBeGreaterThanOrEqual(mtime);
  });
});
