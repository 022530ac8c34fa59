/**
 * Staging: the workspace's DuckDB may only read files in `ws.stagingDir`, so
 * every source is first put there, and its SHA-256 computed. Text is
 * transcoded to UTF-8 while it streams (CP949 and UTF-16 with Node's
 * streaming TextDecoder, fatal on any invalid byte); UTF-8, Parquet and JSON
 * are linked there (or copied by the kernel) and read once to hash them and
 * check UTF-8 validity, while DuckDB may already read them (stageStart),
 * XLSX becomes CSV (streaming reader, Excel dates as ISO dates, a `__row`
 * column carrying the sheet's row number). Memory stays bounded by the chunk
 * size whatever the file size.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { isUtf8 } from 'node:buffer';
import { pipeline } from 'node:stream/promises';
import ExcelJS from 'exceljs';
import { SotongError } from '../../common/result';
import type { ImportEncoding, ImportFormat } from '../../common/importApi';
import { completeUtf8Length, firstInvalidUtf8 } from './detect';

const CHUNK = 1024 * 1024;

export interface StageProgress {
  bytesRead: number;
  totalBytes: number;
  /** Lines (text) or rows (XLSX) seen so far. */
  rows: number;
}

export interface StageOptions {
  format: ImportFormat;
  encoding: ImportEncoding | null;
  sheet?: string;
  /** Stop after about this many bytes of source (previews). The file is then not checked for growth. */
  limitBytes?: number;
  /** XLSX: stop after this many data rows (previews). */
  limitRows?: number;
  onProgress?: (p: StageProgress) => void;
  isAborted?: () => boolean;
}

export interface Staged {
  file: string;
  sha256: string;
  bytes: number;
  /** XLSX: the sheet read, and the header names (the staged CSV has `__row` first). */
  sheet: string | null;
  /** Lines (text) or rows (XLSX) seen. */
  rows: number;
}

export function abortError(): SotongError {
  return new SotongError('CANCELLED', 'Import cancelled: nothing was changed.');
}

/**
 * A staged file whose bytes may still be being verified: `file` can be read
 * at once, `verified` settles with the hash and checks (or the reason the
 * file cannot be imported).
 */
export interface StagedStart {
  file: string;
  verified: Promise<Staged>;
  /**
   * Throws when the source changed since it was staged. The staged file may
   * be a hard link to the source (no copy): call this once the file was read.
   */
  assertUnchanged(): void;
}

/**
 * Stages `source`. UTF-8 text, Parquet and JSON are linked (or, across file
 * systems, copied by the kernel) and then read once to hash and check them,
 * while the caller may already read the staged file; transcoded text and
 * XLSX are written through JS and verified when this returns.
 */
export async function stageStart(source: string, stagingDir: string, opts: StageOptions): Promise<StagedStart> {
  const name = path.basename(source);
  const before = statOf(source);
  const total = opts.limitBytes !== undefined ? Math.min(before.size, opts.limitBytes) : before.size;
  const dest = path.join(stagingDir, `import-${crypto.randomUUID()}.${opts.format === 'xlsx' ? 'csv' : opts.format}`);
  const text = opts.format === 'csv' || opts.format === 'json';
  const transcoded = text && (opts.encoding ?? 'utf-8') !== 'utf-8';
  if (opts.format !== 'xlsx' && !transcoded && opts.limitBytes === undefined && total > 0) {
    if (opts.isAborted?.()) throw abortError();
    let linked = true;
    try {
      fs.linkSync(fs.realpathSync(source), dest); // the file itself, not a symbolic link to it
    } catch {
      // Another file system, or links not allowed: the kernel copies (a reflink where the file system has them).
      linked = false;
      await fs.promises.copyFile(source, dest, fs.constants.COPYFILE_FICLONE);
    }
    const verified = (async () => {
      const result = await verifyStream(fs.createReadStream(dest, { highWaterMark: CHUNK }), null, name, total, opts);
      assertUnchanged(source, before, result.bytes);
      return { file: dest, ...result };
    })();
    verified.catch(() => undefined); // observed by the caller
    return { file: dest, verified, assertUnchanged: () => (linked ? assertUnchanged(source, before, before.size) : undefined) };
  }
  try {
    let result: Omit<Staged, 'file'>;
    if (opts.format === 'xlsx') result = await stageXlsx(source, dest, name, total, opts);
    else result = await stageStream(source, dest, name, total, opts);
    if (opts.limitBytes === undefined) assertUnchanged(source, before, result.bytes);
    return { file: dest, verified: Promise.resolve({ file: dest, ...result }), assertUnchanged: () => undefined };
  } catch (e) {
    fs.rmSync(dest, { force: true });
    throw e;
  }
}

/** Stages `source` and waits for its verification (previews, tests). */
export async function stageFile(source: string, stagingDir: string, opts: StageOptions): Promise<Staged> {
  const started = await stageStart(source, stagingDir, opts);
  try {
    return await started.verified;
  } catch (e) {
    fs.rmSync(started.file, { force: true });
    throw e;
  }
}

function statOf(file: string): fs.Stats {
  try {
    const s = fs.statSync(file);
    if (!s.isFile()) throw new SotongError('VALIDATION', `${file} is not a file.`);
    return s;
  } catch (e) {
    if (e instanceof SotongError) throw e;
    throw new SotongError('NOT_FOUND', `Cannot read ${file}: ${(e as Error).message}`);
  }
}

/** A file still being written changes size or time while we copy it: refuse it rather than import half of it. */
function assertUnchanged(source: string, before: fs.Stats, bytesRead: number): void {
  const after = statOf(source);
  if (after.size !== before.size || after.mtimeMs !== before.mtimeMs || bytesRead !== before.size) {
    throw new SotongError(
      'VALIDATION',
      `${path.basename(source)} changed while it was being read (${before.size} bytes at the start, ${after.size} now): it is probably still being written. Wait until it is complete and import it again.`,
    );
  }
}

/** Copies (and transcodes) a text, Parquet or JSON file chunk by chunk, verifying it on the way. */
async function stageStream(source: string, dest: string, name: string, total: number, opts: StageOptions): Promise<Omit<Staged, 'file'>> {
  if (total === 0) {
    fs.writeFileSync(dest, '');
    return { sha256: crypto.createHash('sha256').digest('hex'), bytes: 0, sheet: null, rows: 0 };
  }
  const read = fs.createReadStream(source, { start: 0, end: total - 1, highWaterMark: CHUNK });
  return verifyStream(read, fs.createWriteStream(dest), name, total, opts);
}

/**
 * Reads `input` chunk by chunk: SHA-256 of the bytes, line count, and for
 * text either a transcoding to UTF-8 (written to `output`) or a check that
 * it is valid UTF-8 (copied to `output` when there is one).
 */
async function verifyStream(input: fs.ReadStream, output: fs.WriteStream | null, name: string, total: number, opts: StageOptions): Promise<Omit<Staged, 'file'>> {
  const hash = crypto.createHash('sha256');
  const text = opts.format === 'csv' || opts.format === 'json';
  const enc = text ? (opts.encoding ?? 'utf-8') : null;
  const decoder = enc && enc !== 'utf-8' ? new TextDecoder(enc === 'cp949' ? 'euc-kr' : enc, { fatal: true }) : null;
  const encoder = new TextEncoder();
  let bytes = 0;
  let lines = 0;
  let carry: Buffer = Buffer.alloc(0);
  const progress = () => opts.onProgress?.({ bytesRead: bytes, totalBytes: total, rows: lines });

  const transform = async function* (chunks: AsyncIterable<Buffer>): AsyncGenerator<Uint8Array> {
    for await (const chunk of chunks) {
      if (opts.isAborted?.()) throw abortError();
      hash.update(chunk);
      const offset = bytes;
      const linesBefore = lines;
      bytes += chunk.length;
      if (text) lines += countNewlines(chunk);
      if (decoder) {
        let out: string;
        try {
          out = decoder.decode(chunk, { stream: true });
        } catch {
          throw notEncoded(name, enc!, offset, linesBefore, false);
        }
        yield encoder.encode(out);
      } else if (enc === 'utf-8') {
        // Check validity across chunk boundaries: an incomplete sequence at the end waits for the next chunk.
        const whole = carry.length ? Buffer.concat([carry, chunk]) : chunk;
        const cut = completeUtf8Length(whole);
        const head = whole.subarray(0, cut);
        if (!isUtf8(head)) {
          const at = firstInvalidUtf8(head);
          throw notEncoded(name, 'utf-8', offset - carry.length + at, linesBefore + countNewlines(head.subarray(0, at)), true);
        }
        carry = Buffer.from(whole.subarray(cut));
        yield head;
      } else {
        yield chunk;
      }
      progress();
    }
    if (decoder) {
      try {
        const rest = decoder.decode();
        if (rest) yield encoder.encode(rest);
      } catch {
        if (opts.limitBytes === undefined) throw notEncoded(name, enc!, bytes, lines, true);
      }
    } else if (carry.length && opts.limitBytes === undefined) {
      throw notEncoded(name, 'utf-8', bytes - carry.length, lines, true);
    }
    progress();
  };

  if (output) await pipeline(input, transform, output);
  else {
    try {
      for await (const out of transform(input)) void out;
    } finally {
      input.destroy();
    }
  }
  return { sha256: hash.digest('hex'), bytes, sheet: null, rows: lines };
}

/** `lines`: newlines before the bad byte (exact), or before the chunk holding it (not exact). */
function notEncoded(name: string, enc: ImportEncoding, offset: number, lines: number, exact: boolean): SotongError {
  const hint = enc === 'utf-8' ? ' It looks like another encoding (Korean government exports are often CP949/EUC-KR): choose that encoding.' : ' Choose the right encoding.';
  return new SotongError(
    'VALIDATION',
    `${name} is not valid ${enc.toUpperCase()} text: invalid bytes ${exact ? `at byte ${offset}, line ${lines + 1}` : `after byte ${offset} (line ${lines + 1} or later)`}. Nothing was imported.${hint}`,
    { encoding: enc, byte: offset },
  );
}

function countNewlines(b: Buffer): number {
  let n = 0;
  let i = b.indexOf(10);
  while (i !== -1) {
    n++;
    i = b.indexOf(10, i + 1);
  }
  return n;
}

/** Hashes a file without copying it (XLSX, whose reader reads the file itself). */
async function hashFile(source: string, total: number, opts: StageOptions): Promise<{ sha256: string; bytes: number }> {
  const hash = crypto.createHash('sha256');
  let bytes = 0;
  if (total === 0) return { sha256: hash.digest('hex'), bytes };
  for await (const chunk of fs.createReadStream(source, { start: 0, end: total - 1, highWaterMark: CHUNK })) {
    if (opts.isAborted?.()) throw abortError();
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { sha256: hash.digest('hex'), bytes };
}

/** XLSX → CSV: first sheet or `opts.sheet`, header = first non-empty row, `__row` = the sheet's row number. */
async function stageXlsx(source: string, dest: string, name: string, total: number, opts: StageOptions): Promise<Omit<Staged, 'file'>> {
  const { sha256, bytes } = await hashFile(source, total, opts);
  opts.onProgress?.({ bytesRead: bytes, totalBytes: total, rows: 0 });
  const out = fs.createWriteStream(dest);
  const write = async (line: string) => {
    if (!out.write(line)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  };
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(source, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache', // needed to recognise date-formatted cells
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  let sheetName: string | null = null;
  const seen: string[] = [];
  let header: string[] | null = null;
  let rows = 0;
  let lastProgress = 0;
  try {
    for await (const sheet of reader) {
      const sheetLabel = String((sheet as unknown as { name?: string }).name ?? '');
      seen.push(sheetLabel);
      if (sheetName !== null || (opts.sheet !== undefined && sheetLabel !== opts.sheet)) {
        // Sheets must be drained in order by the streaming reader.
        for await (const _row of sheet) void _row;
        continue;
      }
      sheetName = sheetLabel;
      for await (const row of sheet) {
        if (opts.isAborted?.()) throw abortError();
        const values = cellTexts(row.values as unknown[]);
        if (values.every((v) => v === '')) continue;
        if (!header) {
          header = checkHeader(values, row.number, name);
          await write(['__row', ...header].map(csvField).join(',') + '\n');
          continue;
        }
        if (opts.limitRows !== undefined && rows >= opts.limitRows) break;
        const extra = values.findIndex((v, i) => i >= header!.length && v !== '');
        if (extra !== -1) {
          throw new SotongError('VALIDATION', `${name}: row ${row.number} has a value in column ${columnLetter(extra)}, which has no header. Give every column a header in row 1.`);
        }
        const cells = header.map((_, i) => values[i] ?? '');
        await write([String(row.number), ...cells].map(csvField).join(',') + '\n');
        rows++;
        const now = Date.now();
        if (now - lastProgress > 100) {
          lastProgress = now;
          opts.onProgress?.({ bytesRead: bytes, totalBytes: total, rows });
        }
      }
      if (opts.limitRows !== undefined && rows >= opts.limitRows) break;
    }
  } finally {
    await new Promise<void>((resolve) => out.end(() => resolve()));
  }
  if (sheetName === null) {
    throw new SotongError('VALIDATION', opts.sheet ? `${name} has no sheet named "${opts.sheet}" (sheets: ${seen.join(', ') || 'none'}).` : `${name} has no worksheet.`);
  }
  if (!header) fs.writeFileSync(dest, '');
  opts.onProgress?.({ bytesRead: bytes, totalBytes: total, rows });
  return { sha256, bytes, sheet: sheetName, rows };
}

/**
 * Merged header cells leave all but the first cell of the merge empty; a
 * header with a gap is refused rather than guessed at.
 */
function checkHeader(values: string[], rowNumber: number, name: string): string[] {
  let last = values.length - 1;
  while (last >= 0 && values[last] === '') last--;
  const header = values.slice(0, last + 1);
  const empty = header.findIndex((v) => v === '');
  if (empty !== -1) {
    throw new SotongError(
      'VALIDATION',
      `${name}: the header cell ${columnLetter(empty)}${rowNumber} is empty (merged header cells?). Unmerge the header cells so that every column has its own name in one header row.`,
    );
  }
  return header;
}

function columnLetter(i: number): string {
  let n = i + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** exceljs row.values is 1-based and sparse. */
function cellTexts(values: unknown[]): string[] {
  const out: string[] = [];
  for (let i = 1; i < values.length; i++) out.push(cellText(values[i]).trim());
  return out;
}

function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v instanceof Date) {
    if (Number.isNaN(v.getTime())) return '';
    const iso = v.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.slice(0, 19).replace('T', ' ');
  }
  if (typeof v === 'object') {
    const o = v as { richText?: { text: string }[]; result?: unknown; text?: unknown; error?: unknown };
    if (Array.isArray(o.richText)) return o.richText.map((r) => r.text).join('');
    if ('result' in o) return cellText(o.result);
    if ('text' in o) return cellText(o.text);
    if ('error' in o) return String(o.error);
  }
  return String(v);
}

const csvField = (s: string): string => `"${s.replaceAll('"', '""')}"`;
