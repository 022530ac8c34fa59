/**
 * Request checks of the local web mode: the per-run token (query parameter
 * once, then an HttpOnly cookie, or the X-Sotong-Token header), and Host /
 * Origin pinned to our own loopback address (DNS-rebinding and CSRF defence).
 */
import crypto from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const TOKEN_COOKIE = 'sotong_token';
export const TOKEN_HEADER = 'x-sotong-token';

export const newToken = (): string => crypto.randomBytes(24).toString('base64url');

export function allowedHosts(port: number): Set<string> {
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
}

/** Equal-time comparison, so the token cannot be guessed byte by byte. */
export function tokenMatches(given: string | undefined, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}

export function cookieToken(req: IncomingMessage): string | undefined {
  const header = req.headers.cookie ?? '';
  for (const part of header.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === TOKEN_COOKIE) return decodeURIComponent(v.join('='));
  }
  return undefined;
}

export type Verdict = { ok: true } | { ok: false; reason: string };

export function checkOrigin(req: IncomingMessage, port: number): Verdict {
  const hosts = allowedHosts(port);
  const host = req.headers.host;
  if (!host || !hosts.has(host)) return { ok: false, reason: `Host "${host ?? ''}" is not this server` };
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== 'null') {
    let o: URL;
    try {
      o = new URL(origin);
    } catch {
      return { ok: false, reason: `Origin "${origin}" is malformed` };
    }
    if (o.protocol !== 'http:' || !hosts.has(o.host)) return { ok: false, reason: `Origin "${origin}" is not this server` };
  } else if (origin === 'null') {
    return { ok: false, reason: 'Origin "null" is not this server' };
  }
  return { ok: true };
}

export { CONTENT_SECURITY_POLICY } from '../common/csp';
