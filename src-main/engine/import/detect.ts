/**
 * What a source file is, from its first bytes: format (magic bytes, then the
 * extension), text encoding (BOM, then UTF-8 validity, then CP949), and for
 * CSV the delimiter and header names (from the header record).
 */
import fs from 'node:fs';
import path from 'node:path';
import { isUtf8 } from 'node:buffer';
import { SotongError } from '../../common/result';
import type { ImportEncoding, ImportFormat } from '../../common/importApi';

/** Bytes read to detect format and encoding. */
export const SAMPLE_BYTES = 256 * 1024;

export function readSample(file: string, bytes = SAMPLE_BYTES): Buffer {
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const n = fs.readSync(fd, buf, 0, bytes, 0);
    return buf.subarray(0, n);
  } finally {
    fs.closeSync(fd);
  }
}

export function detectFormat(file: string, sample: Buffer): ImportFormat {
  const ext = path.extname(file).toLowerCase();
  if (sample.subarray(0, 4).toString('latin1') === 'PAR1') return 'parquet';
  if (sample.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) {
    if (ext === '.xlsx' || ext === '.xlsm' || ext === '') return 'xlsx';
    throw new SotongError('VALIDATION', `${path.basename(file)} is a ZIP archive, not a ${ext || 'text'} file. Only .xlsx workbooks are read from archives.`);
  }
  if (ext === '.xls' && sample.subarray(0, 4).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0]))) {
    throw new SotongError('VALIDATION', `${path.basename(file)} is an old Excel 97-2003 workbook (.xls): save it as .xlsx or CSV first.`);
  }
  if (ext === '.parquet' || ext === '.xlsx') {
    throw new SotongError('VALIDATION', `${path.basename(file)} is named ${ext} but its content is not a ${ext.slice(1)} file.`);
  }
  if (ext === '.json' || ext === '.ndjson' || ext === '.jsonl') return 'json';
  const text = stripBom(sample).toString('latin1').trimStart();
  if (ext !== '.csv' && ext !== '.tsv' && ext !== '.txt' && (text.startsWith('{') || text.startsWith('['))) return 'json';
  return 'csv';
}

function stripBom(b: Buffer): Buffer {
  return b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? b.subarray(3) : b;
}

/** Length of `b` without a trailing, incomplete UTF-8 sequence (cut by the sample or a chunk boundary). */
export function completeUtf8Length(b: Uint8Array): number {
  const n = b.length;
  for (let back = 1; back <= Math.min(3, n); back++) {
    const c = b[n - back]!;
    if ((c & 0xc0) === 0x80) continue; // continuation byte: look further back
    const need = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
    return need > back ? n - back : n;
  }
  return n;
}

export interface EncodingGuess {
  encoding: ImportEncoding;
  bom: boolean;
}

/**
 * BOM first, then: valid UTF-8 → UTF-8; valid CP949 → CP949; else an error.
 * Text with NUL bytes (and no UTF-16 BOM) is binary, not a CSV.
 */
export function detectEncoding(sample: Buffer, name: string): EncodingGuess {
  if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return { encoding: 'utf-8', bom: true };
  if (sample[0] === 0xff && sample[1] === 0xfe) return { encoding: 'utf-16le', bom: true };
  if (sample[0] === 0xfe && sample[1] === 0xff) return { encoding: 'utf-16be', bom: true };
  assertText(sample, name);
  if (isUtf8(sample.subarray(0, completeUtf8Length(sample)))) return { encoding: 'utf-8', bom: false };
  try {
    new TextDecoder('euc-kr', { fatal: true }).decode(sample, { stream: true });
    return { encoding: 'cp949', bom: false };
  } catch {
    throw new SotongError(
      'VALIDATION',
      `${name} is neither UTF-8 nor CP949/EUC-KR text (first invalid byte near offset ${firstInvalidUtf8(sample)}). Save it as UTF-8 CSV, or choose its encoding.`,
    );
  }
}

/** Refuses binary content: NUL bytes, or many control characters, in the sample. */
export function assertText(sample: Buffer, name: string): void {
  if (sample.length === 0) return;
  let control = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample[i]!;
    if (c === 0) {
      throw new SotongError('VALIDATION', `${name} is not a text file (it contains binary data, e.g. a NUL byte at offset ${i}). Is it really a CSV?`);
    }
    if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c) control++;
  }
  if (control > sample.length / 100) {
    throw new SotongError('VALIDATION', `${name} is not a text file (${control} control characters in its first ${sample.length} bytes). Is it really a CSV?`);
  }
}

/** Byte offset of the first invalid UTF-8 sequence, for messages. */
export function firstInvalidUtf8(b: Uint8Array): number {
  let lo = 0;
  let hi = b.length;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (isUtf8(b.subarray(0, completeUtf8Length(b.subarray(0, mid))))) lo = mid;
    else hi = mid;
  }
  return lo;
}

export const DELIMITERS = [',', ';', '\t', '|'] as const;

/**
 * The header record of a CSV text: its fields (quotes understood) and the
 * delimiter, chosen as the candidate occurring most often outside quotes
 * (comma on ties). The header is the most regular line of a log, so this is
 * steadier than sniffing a file that may contain broken rows.
 */
export function parseHeader(text: string, forced?: string): { delimiter: string; names: string[] } {
  const t = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let end = 0;
  let inQuotes = false;
  const counts = new Map<string, number>();
  for (; end < t.length; end++) {
    const ch = t[end]!;
    if (ch === '"') inQuotes = !inQuotes;
    else if (!inQuotes && (ch === '\n' || ch === '\r')) break;
    else if (!inQuotes && (DELIMITERS as readonly string[]).includes(ch)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  }
  let delimiter = forced ?? ',';
  if (!forced) {
    let best = 0;
    for (const d of DELIMITERS) {
      const n = counts.get(d) ?? 0;
      if (n > best) {
        best = n;
        delimiter = d;
      }
    }
  }
  return { delimiter, names: splitRecord(t.slice(0, end), delimiter) };
}

function splitRecord(line: string, delimiter: string): string[] {
  const out: string[] = [];
  let cur = '';
  let inQuotes = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (inQuotes) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') inQuotes = false;
      else cur += ch;
    } else if (ch === '"') inQuotes = true;
    else if (ch === delimiter) {
      out.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  out.push(cur.trim());
  return out;
}

/** Decodes a sample in the given encoding (for the header and previews). */
export function decodeSample(sample: Buffer, encoding: ImportEncoding): string {
  const label = encoding === 'cp949' ? 'euc-kr' : encoding;
  return new TextDecoder(label).decode(sample, { stream: true });
}
