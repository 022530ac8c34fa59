/**
 * Local web mode: the same UI and the same engine over HTTP, bound to
 * 127.0.0.1 only. POST /api/<method> takes the request as JSON and answers
 * Arrow IPC bytes (application/vnd.apache.arrow.stream) for tables, or a JSON
 * Result. POST /upload stores a dropped file for import. GET /download/<id>
 * serves a file the SQL console exported (only those: ids are random and
 * registered by engine/sqlExport.ts). Every request needs
 * the per-run token and our own Host/Origin; anything else is 403 and runs
 * nothing.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { AddressInfo } from 'node:net';
import type { Result } from '../common/result';
import { exportedFile } from '../engine/sqlExport';
import { isFileExport } from '../common/api';
import { RENDERER_MIME } from '../common/csp';
import {
  checkOrigin, CONTENT_SECURITY_POLICY, cookieToken, newToken, TOKEN_COOKIE, TOKEN_HEADER, tokenMatches,
} from './security';

/** What the server needs of the engine: one dispatch function. */
export interface Dispatcher {
  dispatch(method: string, payload: unknown): Promise<Result<unknown>>;
}

export interface WebServerOptions {
  dispatcher: Dispatcher;
  /** Folder of the built renderer (index.html and assets). */
  staticDir: string;
  port?: number;
  token?: string;
}

export interface WebServer {
  url: string;
  port: number;
  token: string;
  uploadDir: string;
  close(): Promise<void>;
}

const MAX_JSON_BYTES = 4 * 1024 * 1024;

/** Methods whose `path` names a file the engine would write. */
const WRITES_TO_PATH = new Set(['sqlExport']);


const STATUS: Record<string, number> = { VALIDATION: 400, UNKNOWN_METHOD: 404, FORBIDDEN: 403, NOT_FOUND: 404, INTERNAL: 500 };

export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const token = options.token ?? newToken();
  const uploadDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sotong-upload-'));
  const staticRoot = path.resolve(options.staticDir);
  let port = 0;

  const server = http.createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: { code: 'INTERNAL', message: (e as Error).message } });
      else res.destroy();
    });
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
    const origin = checkOrigin(req, port);
    if (!origin.ok) return forbid(res, origin.reason);
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    const queryToken = url.searchParams.get('token') ?? undefined;
    const given = (req.headers[TOKEN_HEADER] as string | undefined) ?? cookieToken(req) ?? queryToken;
    if (!tokenMatches(given, token)) return forbid(res, 'missing or wrong token: open the URL the server printed');
    if (queryToken && req.method === 'GET') {
      // Trade the token in the URL for a cookie, and drop it from the address bar.
      res.setHeader('Set-Cookie', `${TOKEN_COOKIE}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`);
      url.searchParams.delete('token');
      res.writeHead(303, { Location: url.pathname + (url.search || '') + (url.hash || '') });
      res.end();
      return;
    }
    if (url.pathname.startsWith('/api/')) {
      if (req.method !== 'POST') return sendJson(res, 405, { ok: false, error: { code: 'VALIDATION', message: 'Use POST for API calls.' } });
      if (!String(req.headers['content-type'] ?? '').startsWith('application/json')) {
        return sendJson(res, 415, { ok: false, error: { code: 'VALIDATION', message: 'API calls take application/json.' } });
      }
      let payload: unknown;
      try {
        const body = await readBody(req, MAX_JSON_BYTES);
        payload = body.length ? JSON.parse(body.toString('utf8')) : {};
      } catch (e) {
        return sendJson(res, 400, { ok: false, error: { code: 'VALIDATION', message: `The request body is not valid JSON: ${(e as Error).message}` } });
      }
      const method = decodeURIComponent(url.pathname.slice('/api/'.length));
      if (WRITES_TO_PATH.has(method) && typeof payload === 'object' && payload !== null && 'path' in payload) {
        // Over HTTP the engine never writes where a request says: exports come back as downloads.
        return forbid(res, `${method} cannot write to a path in web mode; the file is offered as a download`);
      }
      const result = await options.dispatcher.dispatch(method, payload);
      if (result.ok && result.value instanceof Uint8Array) {
        res.writeHead(200, { 'Content-Type': 'application/vnd.apache.arrow.stream', 'Content-Length': result.value.byteLength, 'Cache-Control': 'no-store' });
        res.end(Buffer.from(result.value.buffer, result.value.byteOffset, result.value.byteLength));
        return;
      }
      if (result.ok && isFileExport(result.value)) {
        const f = result.value;
        res.writeHead(200, {
          'Content-Type': f.mime,
          'Content-Length': f.bytes.byteLength,
          'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(f.filename)}`,
          'X-Sotong-File': encodeURIComponent(f.filename),
          'Cache-Control': 'no-store',
        });
        res.end(Buffer.from(f.bytes.buffer, f.bytes.byteOffset, f.bytes.byteLength));
        return;
      }
      return sendJson(res, result.ok ? 200 : (STATUS[result.error.code] ?? 422), result);
    }
    if (url.pathname.startsWith('/download/')) {
      if (req.method !== 'GET') return sendJson(res, 405, { ok: false, error: { code: 'VALIDATION', message: 'Use GET to download.' } });
      const file = exportedFile(url.pathname.slice('/download/'.length));
      if (!file) return sendJson(res, 404, { ok: false, error: { code: 'NOT_FOUND', message: 'No such export (exports last until the workspace is closed).' } });
      const ascii = file.fileName.replace(/[^A-Za-z0-9._-]/g, '_');
      res.writeHead(200, {
        'Content-Type': file.contentType,
        'Content-Disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
        'Content-Length': fs.statSync(file.file).size,
        'Cache-Control': 'no-store',
      });
      await pipeline(fs.createReadStream(file.file), res);
      return;
    }
    if (url.pathname === '/upload') {
      if (req.method !== 'POST') return sendJson(res, 405, { ok: false, error: { code: 'VALIDATION', message: 'Use POST to upload.' } });
      const name = path.basename(url.searchParams.get('name') ?? 'upload').replace(/[^\p{L}\p{N}._ -]/gu, '_') || 'upload';
      const dir = fs.mkdtempSync(path.join(uploadDir, 'f-'));
      const target = path.join(dir, name);
      await pipeline(req, fs.createWriteStream(target));
      return sendJson(res, 200, { ok: true, value: { path: target, bytes: fs.statSync(target).size } });
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, { ok: false, error: { code: 'VALIDATION', message: 'Method not allowed.' } });
    return serveStatic(url.pathname, res);
  }

  function serveStatic(pathname: string, res: http.ServerResponse): void {
    const rel = decodeURIComponent(pathname === '/' ? '/index.html' : pathname);
    const file = path.resolve(staticRoot, '.' + rel);
    if (!file.startsWith(staticRoot + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('Not found');
      return;
    }
    res.writeHead(200, {
      'Content-Type': RENDERER_MIME[path.extname(file)] ?? 'application/octet-stream',
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
      'Cache-Control': 'no-cache',
    });
    fs.createReadStream(file).pipe(res);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    uploadDir,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
        fs.rmSync(uploadDir, { recursive: true, force: true });
      }),
  };
}

function forbid(res: http.ServerResponse, reason: string): void {
  sendJson(res, 403, { ok: false, error: { code: 'FORBIDDEN', message: `Forbidden: ${reason}.` } });
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(text);
}

async function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new Error(`larger than ${limit} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}
