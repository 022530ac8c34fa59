/**
 * The local web mode over real HTTP: the token, Host and Origin checks, the
 * API's JSON and Arrow replies, validation errors naming the field, uploads.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../../src-main/common/tables';
import type { Engine } from '../../src-main/engine/engine';
import { startWebServer, type WebServer } from '../../src-main/web/server';
import { newEngine, tempDir } from '../helpers/workspace';

let engine: Engine;
let server: WebServer;
let staticDir: string;

beforeAll(async () => {
  engine = await newEngine();
  staticDir = tempDir();
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>Sotong</title>');
  server = await startWebServer({ dispatcher: engine, staticDir });
});
afterAll(async () => {
  await server.close();
  await engine.close();
});

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** A raw request, so tests control Host and Origin exactly as an attacker could. */
function request(opts: { method?: string; path: string; headers?: Record<string, string>; body?: string | Buffer }): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: server.port, method: opts.method ?? 'GET', path: opts.path, headers: opts.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    if (opts.body) req.write(opts.body);
    req.end();
  });
}

const api = (method: string, payload: unknown, headers: Record<string, string> = {}) =>
  request({
    method: 'POST',
    path: `/api/${method}`,
    headers: { 'Content-Type': 'application/json', 'X-Sotong-Token': server.token, ...headers },
    body: JSON.stringify(payload),
  });

describe('web mode security', () => {
  it('binds to 127.0.0.1 and prints a URL carrying the token', () => {
    expect(server.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${server.port}/\\?token=`));
  });

  it('refuses requests without the token, and runs nothing', async () => {
    const before = (await engine.api().info({})) as { ok: true; value: { tables: { rows: number }[] } };
    const r = await request({ method: 'POST', path: '/api/sql', headers: { 'Content-Type': 'application/json' }, body: '{"sql":"select 1"}' });
    expect(r.status).toBe(403);
    expect(JSON.parse(r.body.toString()).error.code).toBe('FORBIDDEN');
    expect((await request({ path: '/' })).status).toBe(403);
    expect((await request({ path: `/?token=${server.token}x` })).status).toBe(403);
    const after = (await engine.api().info({})) as typeof before;
    expect(after.value.tables).toEqual(before.value.tables);
  });

  it('trades the token in the URL for an HttpOnly cookie, then serves the UI with the CSP', async () => {
    const first = await request({ path: `/?token=${server.token}` });
    expect(first.status).toBe(303);
    const cookie = String(first.headers['set-cookie']);
    expect(cookie).toMatch(/sotong_token=.*HttpOnly; SameSite=Strict/);
    const page = await request({ path: '/', headers: { Cookie: cookie.split(';')[0]! } });
    expect(page.status).toBe(200);
    expect(page.body.toString()).toContain('<title>Sotong</title>');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['content-security-policy']).not.toContain('unsafe-eval');
  });

  it('refuses a foreign Origin or Host (CSRF, DNS rebinding) even with the token', async () => {
    const evilOrigin = await api('info', {}, { Origin: 'http://evil.example' });
    expect(evilOrigin.status).toBe(403);
    const nullOrigin = await api('info', {}, { Origin: 'null' });
    expect(nullOrigin.status).toBe(403);
    const rebind = await api('info', {}, { Host: `attacker.example:${server.port}` });
    expect(rebind.status).toBe(403);
    expect(JSON.parse(rebind.body.toString()).error.message).toMatch(/Host/);
    const own = await api('info', {}, { Origin: `http://localhost:${server.port}` });
    expect(own.status).toBe(200);
  });

  it('does not serve files outside the renderer folder', async () => {
    const r = await request({ path: '/..%2f..%2fetc%2fpasswd', headers: { 'X-Sotong-Token': server.token } });
    expect(r.status).toBe(404);
  });
});

describe('web mode API', () => {
  it('answers JSON methods with a Result and table methods with Arrow bytes', async () => {
    const info = await api('info', {});
    expect(info.status).toBe(200);
    expect(JSON.parse(info.body.toString()).value.schemaVersion).toBe(SCHEMA_VERSION);
    const sql = await api('sql', { sql: 'SELECT 42 AS answer' });
    expect(sql.headers['content-type']).toBe('application/vnd.apache.arrow.stream');
    const table = tableFromIPC(new Uint8Array(sql.body));
    expect(table.getChild('answer')?.get(0)).toBe(42);
  });

  it('rejects a payload of the wrong shape with a validation error naming the field', async () => {
    const r = await api('sql', { sql: 42 });
    expect(r.status).toBe(400);
    const body = JSON.parse(r.body.toString());
    expect(body.error.code).toBe('VALIDATION');
    expect(body.error.message).toContain('sql');
    expect(body.error.details.field).toBe('sql');
    const extra = await api('info', { evil: true });
    expect(extra.status).toBe(400);
    const unknown = await api('dropEverything', {});
    expect(JSON.parse(unknown.body.toString()).error.code).toBe('UNKNOWN_METHOD');
    const notJson = await request({ method: 'POST', path: '/api/info', headers: { 'Content-Type': 'application/json', 'X-Sotong-Token': server.token }, body: '{oops' });
    expect(notJson.status).toBe(400);
  });

  it('stores an upload in its own folder under a safe name', async () => {
    const r = await request({ method: 'POST', path: '/upload?name=..%2F..%2Fevil.csv', headers: { 'X-Sotong-Token': server.token }, body: 'a,b\n1,2\n' });
    expect(r.status).toBe(200);
    const { path: stored } = JSON.parse(r.body.toString()).value as { path: string };
    expect(stored.startsWith(server.uploadDir)).toBe(true);
    expect(path.basename(stored)).toBe('evil.csv');
    expect(fs.readFileSync(stored, 'utf8')).toBe('a,b\n1,2\n');
  });
});

describe('web mode downloads of SQL exports', () => {
  it('serves a file the console exported, with the token only, and nothing else', async () => {
    const exp = await api('sqlExport', { sql: 'SELECT 42 AS answer', format: 'csv' });
    const { downloadId, fileName } = JSON.parse(exp.body.toString()).value as { downloadId: string; fileName: string };
    expect(downloadId).toMatch(/^[0-9a-f]{32}$/);
    const noToken = await request({ path: `/download/${downloadId}` });
    expect(noToken.status).toBe(403);
    const foreign = await request({ path: `/download/${downloadId}`, headers: { 'X-Sotong-Token': server.token, Origin: 'http://evil.example' } });
    expect(foreign.status).toBe(403);
    const ok = await request({ path: `/download/${downloadId}`, headers: { 'X-Sotong-Token': server.token } });
    expect(ok.status).toBe(200);
    expect(ok.body.toString()).toBe('answer\n42\n');
    expect(ok.headers['content-disposition']).toContain(`filename="${fileName}"`);
    for (const bad of ['..%2F..%2Fetc%2Fpasswd', '0'.repeat(32), 'index.html']) {
      const r = await request({ path: `/download/${bad}`, headers: { 'X-Sotong-Token': server.token } });
      expect(r.status).toBe(404);
    }
  });
});

describe('web mode writes', () => {
  it('refuses an export that names a path on the server', async () => {
    const target = path.join(tempDir(), 'leak.csv');
    const r = await api('sqlExport', { sql: 'SELECT 1 AS x', format: 'csv', path: target });
    expect(r.status).toBe(403);
    expect(fs.existsSync(target)).toBe(false);
  });
});
