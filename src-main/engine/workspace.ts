/**
 * A workspace is one DuckDB database file. This module opens it safely
 * (refusing paths that are not Sotong workspaces), migrates its schema,
 * serializes access per connection, cancels and closes.
 *
 * Three connections ("lanes"): `read` for the screens' metrics, `write` for
 * imports and edits, so a query issued during a long import still answers
 * (DuckDB's MVCC keeps the reader on the last committed state), and `console`
 * for the researchers' own SQL, so a long query there neither holds up the
 * screens nor is a Cancel or a timeout of it able to stop their work.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { SotongError } from '../common/result';
import { SCHEMA_VERSION } from '../common/tables';
import { repairDerived } from './derived';
import { MIGRATIONS } from './schema';
import { FileSecretStore, type SecretStore } from './secrets';
import { inTransaction } from './transaction';

export interface OpenOptions {
  /** Create the file if it does not exist. Only init, import and demo do. */
  create?: boolean;
  /** Where the pseudonymization secret lives (outside the DuckDB file). */
  secrets?: SecretStore;
}

type Lane = 'read' | 'write' | 'console';

/** A view of the data set up on a connection (e.g. temp tables that shadow the real ones). */
export interface ReadView {
  /** Identifies the view's parameters (e.g. "leadership:k=5"): a new key rebuilds it. */
  key: string;
  build(conn: DuckDBConnection): Promise<void>;
}

/** Byte 8..11 of every DuckDB database file. */
const DUCKDB_MAGIC = 'DUCK';

export class Workspace {
  private readonly queues: Record<Lane, Promise<unknown>> = { read: Promise.resolve(), write: Promise.resolve(), console: Promise.resolve() };
  private closed = false;
  private version = 0;
  /** A restricted view of the data for the read lane (the Leadership profile), on its own connection. */
  private view: ReadView | undefined;
  private viewConn: DuckDBConnection | undefined;
  private viewBuilt = '';
  private viewQueue: Promise<unknown> = Promise.resolve();

  private constructor(
    readonly path: string,
    private readonly instance: DuckDBInstance,
    private readonly connections: Record<Lane, DuckDBConnection>,
    readonly schemaVersion: number,
    readonly readOnlyReason: string | undefined,
    /** The only folder DuckDB may read or write files in, besides the database itself. */
    readonly stagingDir: string,
    /** A random id stored in the workspace: names its secret, never derived from the path. */
    readonly workspaceId: string,
    private readonly secrets: SecretStore,
  ) {}

  /** The pseudonymization secret of this workspace (32 bytes), from outside the DuckDB file. */
  pseudonymSecret(): Buffer {
    return this.secrets.secretFor(this.workspaceId);
  }

  get readOnly(): boolean {
    return this.readOnlyReason !== undefined;
  }

  static async open(file: string, options: OpenOptions = {}): Promise<Workspace> {
    const abs = path.resolve(file);
    checkPath(abs, options.create ?? false);
    const existed = fs.existsSync(abs);
    let instance = await openInstance(abs, false);
    let version = 0;
    let readOnlyReason: string | undefined;
    try {
      const conn = await instance.connect();
      version = await readSchemaVersion(conn, abs, existed);
      if (version > SCHEMA_VERSION) {
        conn.closeSync();
        instance.closeSync();
        instance = await openInstance(abs, true);
        readOnlyReason =
          `This workspace was written by a newer version of Sotong (schema ${version}; this version knows ${SCHEMA_VERSION}). ` +
          'It is open read-only: update Sotong to change it.';
      } else {
        if (version < SCHEMA_VERSION) await migrate(conn, version);
        version = Math.max(version, SCHEMA_VERSION);
        // A write committed without its derived-table refresh (the process ended between the two).
        await repairDerived(conn);
        await conn.run(
          "INSERT INTO settings SELECT 'workspace_id', to_json(uuid()::VARCHAR) WHERE NOT EXISTS (SELECT 1 FROM settings WHERE key = 'workspace_id')",
        );
        conn.closeSync();
      }
    } catch (e) {
      instance.closeSync();
      if (!existed) fs.rmSync(abs, { force: true });
      throw e;
    }
    const stagingDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sotong-staging-'));
    const read = await instance.connect();
    // Lock the instance down before any user SQL can run: no file access outside
    // the staging folder, no extension downloads, no configuration changes.
    await read.run(`SET temp_directory = '${sqlString(path.join(stagingDir, 'spill'))}'`);
    // Bound DuckDB's buffer pool (it defaults to 80 % of RAM): large imports and
    // queries spill to the staging folder instead of growing the process.
    await read.run(`SET memory_limit = '${sqlString(memoryLimit())}'`);
    // jemalloc's background threads give freed memory back to the system as work goes on, instead of
    // the process keeping what a finished step (an import's read, a rebuild's sort) no longer uses.
    await read.run('SET allocator_background_threads = true');
    await read.run(`SET allowed_directories = ['${sqlString(stagingDir + path.sep)}']`);
    await read.run('SET enable_external_access = false');
    await read.run('SET lock_configuration = true');
    const write = await instance.connect();
    const sqlConsole = await instance.connect();
    const idRow = (await read.runAndReadAll("SELECT value->>'$' AS id FROM settings WHERE key = 'workspace_id' LIMIT 1")).getRowObjectsJS()[0];
    const workspaceId = String(idRow?.id ?? '00000000-0000-0000-0000-000000000000');
    return new Workspace(abs, instance, { read, write, console: sqlConsole }, version, readOnlyReason, stagingDir, workspaceId, options.secrets ?? new FileSecretStore());
  }

  /**
   * Bumped when work on the write lane starts and when it ends (and when the
   * view of the data changes, e.g. the profile): caches built at another
   * version are stale. Every write in this process goes through the write
   * lane, and the file lock keeps other processes out.
   */
  get dataVersion(): number {
    return this.version;
  }

  /** Marks every cache stale (see dataVersion). */
  invalidate(): void {
    this.version++;
  }

  /**
   * Routes the read lane through `view` (built on a connection of its own and
   * rebuilt whenever the data changes), or back to the plain data.
   */
  setReadView(view: ReadView | undefined): void {
    this.view = view;
    this.viewBuilt = '';
    this.version++;
  }

  /**
   * Holds the read lane (and the read view) from now until the returned
   * function is called: reads issued meanwhile wait; the console lane does
   * not. For a write whose COMMIT leaves work that readers must not see half
   * done (the derived tables' refresh, derived.ts commitThenRefresh).
   */
  holdReads(): () => void {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    this.queues.read = this.queues.read.then(() => held);
    this.viewQueue = this.viewQueue.then(() => held);
    return release;
  }

  /**
   * Runs `fn` on a lane's connection once the work queued before it is done.
   * `unfiltered` bypasses the read view: only for results that are checked
   * for privacy afterwards (e.g. department means of evaluations).
   */
  use<T>(lane: Lane, fn: (conn: DuckDBConnection) => Promise<T>, options: { unfiltered?: boolean } = {}): Promise<T> {
    if (this.closed) return Promise.reject(new SotongError('NOT_FOUND', 'The workspace is closed.'));
    // The console lane never reads through the view: the SQL console is refused in the profiles that set one.
    const view = options.unfiltered || lane === 'console' ? undefined : this.view;
    if (lane === 'read' && view) {
      const run = this.viewQueue.then(async () => {
        this.viewConn ??= await this.instance.connect();
        const key = `${view.key}@${this.version}`;
        if (this.viewBuilt !== key) {
          await view.build(this.viewConn);
          this.viewBuilt = key;
        }
        return fn(this.viewConn);
      });
      this.viewQueue = run.catch(() => undefined);
      return run;
    }
    const run = this.queues[lane].then(async () => {
      if (lane !== 'write') return fn(this.connections[lane]);
      this.version++;
      try {
        return await fn(this.connections[lane]);
      } finally {
        this.version++;
      }
    });
    this.queues[lane] = run.catch(() => undefined);
    return run;
  }

  assertWritable(): void {
    if (this.readOnlyReason) throw new SotongError('READ_ONLY', this.readOnlyReason);
  }

  /** Interrupts whatever runs on the lane now; the caller gets a CANCELLED error. */
  interrupt(lane: Lane = 'read'): void {
    if (this.closed) return;
    if (lane === 'read' && this.view && this.viewConn) this.viewConn.interrupt();
    else this.connections[lane].interrupt();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await Promise.all([this.queues.read, this.queues.write, this.queues.console, this.viewQueue]);
    this.closed = true;
    this.viewConn?.closeSync();
    this.connections.read.closeSync();
    this.connections.write.closeSync();
    this.connections.console.closeSync();
    this.instance.closeSync();
    fs.rmSync(this.stagingDir, { recursive: true, force: true });
  }
}

/**
 * DuckDB memory limit: $SOTONG_MEMORY_LIMIT (e.g. "4GB"), default 1.5GB, so the
 * whole process (DuckDB's buffers, Node's heap, the allocator's slack) stays
 * under 2 GB through a 10M-row import (measured 1.9 GB; 2.2–2.4 GB with 2GB).
 */
export function memoryLimit(): string {
  const v = process.env.SOTONG_MEMORY_LIMIT;
  return v && /^\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i.test(v) ? v : '1.5GB';
}

/** Escapes a string for a single-quoted SQL literal (only for our own paths). */
export const sqlString = (s: string): string => s.replaceAll("'", "''");

function checkPath(abs: string, create: boolean): void {
  let stat: fs.Stats | undefined;
  try {
    stat = fs.statSync(abs);
  } catch {
    stat = undefined;
  }
  if (!stat) {
    if (!create) {
      throw new SotongError('NOT_FOUND', `No workspace at ${abs}. Create one with "init", or check the path.`);
    }
    if (!fs.existsSync(path.dirname(abs))) {
      throw new SotongError('NOT_FOUND', `Cannot create ${abs}: the folder ${path.dirname(abs)} does not exist.`);
    }
    return;
  }
  if (stat.isDirectory()) throw new SotongError('NOT_A_WORKSPACE', `${abs} is a folder, not a workspace file.`);
  const head = Buffer.alloc(12);
  const fd = fs.openSync(abs, 'r');
  try {
    fs.readSync(fd, head, 0, 12, 0);
  } finally {
    fs.closeSync(fd);
  }
  if (head.subarray(8, 12).toString('latin1') !== DUCKDB_MAGIC) {
    throw new SotongError('NOT_A_WORKSPACE', `${abs} is not a DuckDB database, so not a Sotong workspace.`);
  }
}

async function openInstance(abs: string, readOnly: boolean): Promise<DuckDBInstance> {
  try {
    return await DuckDBInstance.create(abs, {
      access_mode: readOnly ? 'READ_ONLY' : 'READ_WRITE',
      // Never fetch an extension from the network; parquet, json and icu are built in.
      autoinstall_known_extensions: 'false',
      autoload_known_extensions: 'false',
    });
  } catch (e) {
    const msg = (e as Error).message;
    if (/lock/i.test(msg)) {
      throw new SotongError('WORKSPACE_LOCKED', `${abs} is open in another program (it holds the file's lock). Close it there and try again.`, { duckdb: msg });
    }
    throw new SotongError('NOT_A_WORKSPACE', `${abs} could not be opened as a workspace: ${msg}`, { duckdb: msg });
  }
}

async function readSchemaVersion(conn: DuckDBConnection, abs: string, existed: boolean): Promise<number> {
  const tables = await conn.runAndReadAll(
    "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' AND table_catalog = current_database()",
  );
  const names = tables.getRowObjectsJS().map((r) => String(r.table_name));
  if (names.includes('schema_version')) {
    const v = await conn.runAndReadAll('SELECT max(version) AS v FROM schema_version');
    return Number(v.getRowObjectsJS()[0]?.v ?? 0);
  }
  if (names.length > 0 && existed) {
    throw new SotongError('NOT_A_WORKSPACE', `${abs} is a DuckDB database but not a Sotong workspace (it has tables but no schema_version).`);
  }
  return 0;
}

async function migrate(conn: DuckDBConnection, from: number): Promise<void> {
  await inTransaction(conn, async () => {
    await conn.run('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL, applied_at TIMESTAMP NOT NULL)');
    for (const m of MIGRATIONS.filter((mig) => mig.version > from)) {
      for (const sql of m.statements) await conn.run(sql);
      await conn.run('INSERT INTO schema_version VALUES ($1, current_timestamp::TIMESTAMP)', [m.version]);
    }
  });
}
