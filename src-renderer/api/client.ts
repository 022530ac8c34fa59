/**
 * The renderer's API client: `window.sotong` under Electron, HTTP in local
 * web mode. Either way every call resolves to a Result; tables arrive as
 * Arrow IPC bytes and are decoded once, here.
 */
import { tableFromIPC } from 'apache-arrow';
import type { ApiMethod, ApiRequest, ApiResponses, FileExport } from '../../src-main/common/api';
import { ARROW_META_NOTES, ARROW_META_TRUNCATED } from '../../src-main/common/api';
import { plainValue } from '../../src-main/common/plain';
import { fail, isResult, ok, type Result } from '../../src-main/common/result';

export type Row = Record<string, unknown>;

export interface DecodedTable {
  columns: string[];
  rows: Row[];
  meta: Record<string, string>;
  /** Notes the engine attached (e.g. why a metric is null), by column. */
  notes: Record<string, string>;
  truncated: boolean;
}

export async function call<M extends ApiMethod>(method: M, request: ApiRequest<M>): Promise<Result<ApiResponses[M]>> {
  const bridge = window.sotong;
  if (bridge) return bridge[method](request as never) as Promise<Result<ApiResponses[M]>>;
  let res: Response;
  try {
    res = await fetch(`/api/${method}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      credentials: 'same-origin',
      body: JSON.stringify(request ?? {}),
    });
  } catch (e) {
    return fail('INTERNAL', `The Sotong server did not answer (${(e as Error).message}). Is "npm run web" still running?`);
  }
  if ((res.headers.get('Content-Type') ?? '').startsWith('application/vnd.apache.arrow.stream')) {
    return ok(new Uint8Array(await res.arrayBuffer()) as ApiResponses[M]);
  }
  const file = res.headers.get('X-Sotong-File');
  if (res.ok && file) {
    const value: FileExport = { kind: 'file', filename: decodeURIComponent(file), mime: res.headers.get('Content-Type') ?? 'application/octet-stream', bytes: new Uint8Array(await res.arrayBuffer()) };
    return ok(value as unknown as ApiResponses[M]);
  }
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    return fail('INTERNAL', `The server answered ${res.status} ${res.statusText} without a readable body.`);
  }
  return isResult(body) ? (body as Result<ApiResponses[M]>) : fail('INTERNAL', `Unexpected reply from the server (${res.status}).`);
}

/** Uploads a dropped file in web mode; returns the server-side path to import. */
export async function uploadFile(file: File): Promise<Result<{ path: string; bytes: number }>> {
  const bridge = window.sotong;
  if (bridge?.pathForFile) return ok({ path: bridge.pathForFile(file), bytes: file.size });
  const res = await fetch(`/upload?name=${encodeURIComponent(file.name)}`, { method: 'POST', body: file, credentials: 'same-origin' });
  const body: unknown = await res.json().catch(() => null);
  return isResult(body) ? (body as Result<{ path: string; bytes: number }>) : fail('INTERNAL', `Upload failed (${res.status}).`);
}

/** Saves a FileExport from the engine as a download. */
export function saveFile(file: FileExport): void {
  const url = URL.createObjectURL(new Blob([file.bytes as BlobPart], { type: file.mime }));
  const a = document.createElement('a');
  a.href = url;
  a.download = file.filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Arrow IPC bytes → plain rows; int64 → number, dates → 'YYYY-MM-DD'. */
export function decodeTable(bytes: Uint8Array): DecodedTable {
  const table = tableFromIPC(bytes);
  const fields = table.schema.fields;
  const columns = fields.map((f) => f.name);
  const vectors = fields.map((_, i) => table.getChildAt(i));
  const rows: Row[] = new Array(table.numRows);
  for (let r = 0; r < table.numRows; r++) {
    const row: Row = {};
    for (let c = 0; c < columns.length; c++) row[columns[c]!] = plainValue(vectors[c]?.get(r), fields[c]!.type);
    rows[r] = row;
  }
  const meta = Object.fromEntries(table.schema.metadata);
  let notes: Record<string, string> = {};
  try {
    notes = meta[ARROW_META_NOTES] ? (JSON.parse(meta[ARROW_META_NOTES]) as Record<string, string>) : {};
  } catch {
    notes = {};
  }
  return { columns, rows, meta, notes, truncated: meta[ARROW_META_TRUNCATED] === 'true' };
}
