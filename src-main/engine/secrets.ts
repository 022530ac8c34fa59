/**
 * The per-workspace pseudonymization secret, kept OUTSIDE the DuckDB file, so
 * a copied workspace cannot be re-identified by hashing a staff list. Files
 * with 0600 permissions in web/CLI mode (`$SOTONG_HOME/keys/<workspace id>.key`);
 * the Electron shell passes its own store built on `safeStorage`.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface SecretStore {
  /** The secret for this workspace id, created on first use. 32 random bytes. */
  secretFor(workspaceId: string): Buffer;
}

export class FileSecretStore implements SecretStore {
  constructor(readonly dir: string = path.join(process.env.SOTONG_HOME ?? path.join(os.homedir(), '.sotong'), 'keys')) {}

  secretFor(workspaceId: string): Buffer {
    if (!/^[0-9a-f-]{36}$/.test(workspaceId)) throw new Error(`bad workspace id ${workspaceId}`);
    const file = path.join(this.dir, `${workspaceId}.key`);
    if (fs.existsSync(file)) return Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'hex');
    fs.mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const secret = crypto.randomBytes(32);
    // 'wx': never overwrite a key another process just wrote.
    fs.writeFileSync(file, secret.toString('hex'), { mode: 0o600, flag: 'wx' });
    return secret;
  }
}

/**
 * HMAC-SHA-256 of an identifier as DuckDB SQL (RFC 2104, with the key padded
 * to SHA-256's 64-byte block): sha256((K ⊕ opad) ‖ sha256((K ⊕ ipad) ‖ m)).
 * Returns the SQL expression and its two parameters (hex pads).
 */
export function hmacPads(secret: Buffer): { ipad: string; opad: string } {
  const k = Buffer.alloc(64);
  (secret.length > 64 ? crypto.createHash('sha256').update(secret).digest() : secret).copy(k);
  return { ipad: Buffer.from(k.map((b) => b ^ 0x36)).toString('hex'), opad: Buffer.from(k.map((b) => b ^ 0x5c)).toString('hex') };
}

/** The pseudonym of `id`, in JS (for tests and for matching a person's own id). */
export function pseudonym(secret: Buffer, id: string): string {
  return `p_${crypto.createHmac('sha256', secret).update(id).digest('hex').slice(0, 20)}`;
}

/** SQL for the pseudonym of the text expression `x`, given literal hex pads (from hmacPads, not user input). */
export function pseudonymSql(x: string, pads: { ipad: string; opad: string }): string {
  if (!/^[0-9a-f]{128}$/.test(pads.ipad) || !/^[0-9a-f]{128}$/.test(pads.opad)) throw new Error('bad pads');
  return `CASE WHEN ${x} IS NOT NULL THEN 'p_' || left(sha256(unhex('${pads.opad}') || unhex(sha256(unhex('${pads.ipad}') || encode(${x})))), 20) END`;
}
