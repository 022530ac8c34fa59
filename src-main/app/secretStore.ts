/**
 * Under Electron the pseudonymization secret is encrypted with the OS
 * keychain (`safeStorage`: Keychain, DPAPI, libsecret) and kept in the
 * user-data folder, never in the workspace file. Where the OS offers no
 * keychain, the 0600 key file of web/CLI mode is used instead.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { safeStorage } from 'electron';
import { FileSecretStore, type SecretStore } from '../engine/secrets';

export class SafeStorageSecretStore implements SecretStore {
  private readonly fallback: FileSecretStore;

  constructor(private readonly dir: string) {
    this.fallback = new FileSecretStore(dir);
  }

  secretFor(workspaceId: string): Buffer {
    if (!safeStorage.isEncryptionAvailable()) return this.fallback.secretFor(workspaceId);
    if (!/^[0-9a-f-]{36}$/.test(workspaceId)) throw new Error(`bad workspace id ${workspaceId}`);
    const file = path.join(this.dir, `${workspaceId}.sealed`);
    if (fs.existsSync(file)) return Buffer.from(safeStorage.decryptString(fs.readFileSync(file)), 'hex');
    fs.mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const secret = crypto.randomBytes(32);
    fs.writeFileSync(file, safeStorage.encryptString(secret.toString('hex')), { mode: 0o600, flag: 'wx' });
    return secret;
  }
}
