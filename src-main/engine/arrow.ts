/**
 * DuckDB result → Apache Arrow IPC stream bytes, column by column, without
 * one JS value per cell for the common types.
 *
 * Fixed-width columns are copied straight out of DuckDB's vectors (their
 * layout equals Arrow's: little-endian values, DATE as int32 days, TIMESTAMP
 * as int64 microseconds), validity bitmaps are copied byte-wise (both are
 * LSB-first). VARCHAR is read from `duckdb_string_t` (16 bytes: length, then
 * the bytes inline up to 12, else a prefix and a pointer): inline strings are
 * copied from the vector, pointed-to strings are fetched in *runs*: strings
 * whose bytes lie within 2 KiB of each other are read with one native call
 * (a gap shorter than a page only touches pages that hold string bytes, so
 * the read never leaves mapped memory), instead of one call per string.
 *
 * TYPE MAP (explicit, tested in arrow.test.ts and arrowProperty.test.ts):
 * BOOLEAN→Bool; TINYINT/SMALLINT/INTEGER/BIGINT→Int8/16/32/64;
 * UTINYINT..UBIGINT→Uint8..Uint64; FLOAT→Float32; DOUBLE→Float64;
 * DATE→DateDay; TIMESTAMP/TIMESTAMP_TZ→Timestamp(µs) (TZ as 'UTC');
 * TIMESTAMP_S/_MS/_NS→Timestamp(s/ms/ns); VARCHAR→Utf8;
 * ENUM→Utf8 of the member (dictionary decoded once per column);
 * DECIMAL(w,s)→Float64 = stored integer / 10^s (DuckDB's own DECIMAL→DOUBLE);
 * HUGEINT/UHUGEINT→Float64 = upper·2^64 + lower;
 * SQLNULL→Utf8 of NULLs; everything else (LIST, ARRAY, STRUCT, MAP, UNION,
 * UUID, INTERVAL, TIME, TIME_TZ, BLOB, BIT, VARINT…)→Utf8 holding DuckDB's
 * text rendering of the value (node-api's `toString`, e.g. `['a', 'b']`).
 */
import duckdb from '@duckdb/node-bindings';
import { ARROW_META_TRUNCATED } from '../common/api';
import type { DuckDBDataChunk, DuckDBResult, DuckDBType } from '@duckdb/node-api';
import { DuckDBDecimalType, DuckDBEnumType, DuckDBTypeId } from '@duckdb/node-api';
import {
  Bool, DataType, DateDay, Field, Float32, Float64, Int16, Int32, Int64, Int8, RecordBatch, RecordBatchStreamWriter,
  Schema, Struct, TimestampMicrosecond, TimestampMillisecond, TimestampNanosecond, TimestampSecond, Type, Uint16, Uint32, Uint64, Uint8, Utf8, makeData,
  type Data,
} from 'apache-arrow';

/** Rows per Arrow record batch (DuckDB hands out chunks of up to 2,048 rows). */
const BATCH_ROWS = 64 * 1024;
/** First allocation of a column's buffers, in rows (one DuckDB chunk). */
const MIN_ROWS = 2048;
/** Pointed-to strings closer than this are fetched in one read (less than any page size). */
const RUN_GAP = 2048;
/** Largest single read of a run of strings. */
const RUN_MAX = 1 << 20;

type ColumnKind =
  | { kind: 'fixed'; width: number; arrow: () => DataType }
  | { kind: 'bool' | 'utf8' | 'text' | 'null'; arrow: () => DataType }
  | { kind: 'enum'; width: number; members: Uint8Array[]; arrow: () => DataType }
  | { kind: 'decimal'; width: number; divisor: number; arrow: () => DataType }
  | { kind: 'huge'; signed: boolean; arrow: () => DataType };

const fixed = (width: number, arrow: () => DataType): ColumnKind => ({ kind: 'fixed', width, arrow });

const FIXED: Partial<Record<DuckDBTypeId, ColumnKind>> = {
  [DuckDBTypeId.TINYINT]: fixed(1, () => new Int8()),
  [DuckDBTypeId.SMALLINT]: fixed(2, () => new Int16()),
  [DuckDBTypeId.INTEGER]: fixed(4, () => new Int32()),
  [DuckDBTypeId.BIGINT]: fixed(8, () => new Int64()),
  [DuckDBTypeId.UTINYINT]: fixed(1, () => new Uint8()),
  [DuckDBTypeId.USMALLINT]: fixed(2, () => new Uint16()),
  [DuckDBTypeId.UINTEGER]: fixed(4, () => new Uint32()),
  [DuckDBTypeId.UBIGINT]: fixed(8, () => new Uint64()),
  [DuckDBTypeId.FLOAT]: fixed(4, () => new Float32()),
  [DuckDBTypeId.DOUBLE]: fixed(8, () => new Float64()),
  [DuckDBTypeId.DATE]: fixed(4, () => new DateDay()),
  [DuckDBTypeId.TIMESTAMP]: fixed(8, () => new TimestampMicrosecond()),
  [DuckDBTypeId.TIMESTAMP_TZ]: fixed(8, () => new TimestampMicrosecond('UTC')),
  [DuckDBTypeId.TIMESTAMP_S]: fixed(8, () => new TimestampSecond()),
  [DuckDBTypeId.TIMESTAMP_MS]: fixed(8, () => new TimestampMillisecond()),
  [DuckDBTypeId.TIMESTAMP_NS]: fixed(8, () => new TimestampNanosecond()),
};

const ENUM_INDEX_WIDTH: Partial<Record<DuckDBTypeId, number>> = {
  [DuckDBTypeId.UTINYINT]: 1,
  [DuckDBTypeId.USMALLINT]: 2,
  [DuckDBTypeId.UINTEGER]: 4,
};

export function columnKind(type: DuckDBType): ColumnKind {
  const f = FIXED[type.typeId];
  if (f) return f;
  switch (type.typeId) {
    case DuckDBTypeId.BOOLEAN:
      return { kind: 'bool', arrow: () => new Bool() };
    case DuckDBTypeId.VARCHAR:
      return { kind: 'utf8', arrow: () => new Utf8() };
    case DuckDBTypeId.SQLNULL:
      return { kind: 'null', arrow: () => new Utf8() };
    case DuckDBTypeId.ENUM: {
      const t = type as DuckDBEnumType;
      const width = ENUM_INDEX_WIDTH[t.internalTypeId];
      if (!width) break;
      const enc = new TextEncoder();
      return { kind: 'enum', width, members: t.values.map((v) => enc.encode(v)), arrow: () => new Utf8() };
    }
    case DuckDBTypeId.DECIMAL: {
      const t = type as DuckDBDecimalType;
      const width = t.width <= 4 ? 2 : t.width <= 9 ? 4 : t.width <= 18 ? 8 : 16;
      return { kind: 'decimal', width, divisor: 10 ** t.scale, arrow: () => new Float64() };
    }
    case DuckDBTypeId.HUGEINT:
      return { kind: 'huge', signed: true, arrow: () => new Float64() };
    case DuckDBTypeId.UHUGEINT:
      return { kind: 'huge', signed: false, arrow: () => new Float64() };
    default:
      break;
  }
  return { kind: 'text', arrow: () => new Utf8() };
}

/** A byte buffer that grows by doubling. */
class Bytes {
  buf: Uint8Array;
  length = 0;
  constructor(capacity = 1024) {
    this.buf = new Uint8Array(capacity);
  }
  reserve(extra: number): void {
    const need = this.length + extra;
    if (need <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < need) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
  }
  push(src: Uint8Array): void {
    this.reserve(src.length);
    this.buf.set(src, this.length);
    this.length += src.length;
  }
}

/** Set bits per byte value, to count NULLs without a loop per row. */
const POPCOUNT = Uint8Array.from({ length: 256 }, (_, b) => {
  let n = 0;
  for (let x = b; x; x >>= 1) n += x & 1;
  return n;
});

const TWO_32 = 2 ** 32;
const TWO_64 = 2 ** 64;

/** One output column, accumulated over DuckDB chunks until a batch is cut. */
class ColumnBuilder {
  private values: Uint8Array;
  private utf8 = new Bytes();
  private offsets: Int32Array;
  private validity: Uint8Array;
  private nulls = 0;
  rows = 0;
  private readonly scratch = new DataView(new ArrayBuffer(8));
  private readonly enc = new TextEncoder();

  /** Rows the buffers hold; they grow by doubling, so a small result allocates little. */
  private capacity = 0;
  private readonly width: number;

  constructor(private readonly k: ColumnKind) {
    this.width = k.kind === 'fixed' ? k.width : k.kind === 'decimal' || k.kind === 'huge' ? 8 : k.kind === 'bool' ? 1 : 0;
    this.values = new Uint8Array(0);
    this.offsets = new Int32Array(1);
    this.validity = new Uint8Array(1);
  }

  /** Makes room for `rows` rows, keeping what the buffers hold. */
  private reserve(rows: number): void {
    if (rows <= this.capacity) return;
    let cap = Math.max(MIN_ROWS, this.capacity * 2);
    while (cap < rows) cap *= 2;
    const grow = <T extends Uint8Array | Int32Array>(old: T, next: T): T => {
      next.set(old.subarray(0, Math.min(old.length, next.length)));
      return next;
    };
    this.values = grow(this.values, new Uint8Array(cap * this.width));
    if (this.width === 0) this.offsets = grow(this.offsets, new Int32Array(cap + 1));
    this.validity = grow(this.validity, new Uint8Array((cap >> 3) + 1));
    this.capacity = cap;
  }

  append(chunk: DuckDBDataChunk, column: number, count: number): void {
    this.reserve(this.rows + count);
    const vector = duckdb.data_chunk_get_vector(chunk.chunk, column);
    const valid = this.k.kind === 'null' ? new Uint8Array((count >> 3) + 1) : (duckdb.vector_get_validity(vector, ((count + 63) >> 6) * 8) as Uint8Array | null);
    const k = this.k;
    const at = this.rows;
    switch (k.kind) {
      case 'fixed':
        this.values.set(duckdb.vector_get_data(vector, count * k.width), at * k.width);
        break;
      case 'bool':
        this.values.set(duckdb.vector_get_data(vector, count), at);
        break;
      case 'utf8':
        this.appendStrings(duckdb.vector_get_data(vector, count * 16), valid, count);
        break;
      case 'enum':
        this.appendEnum(duckdb.vector_get_data(vector, count * k.width), valid, count, k.width, k.members);
        break;
      case 'decimal':
        this.appendDecimal(duckdb.vector_get_data(vector, count * k.width), count, k.width, k.divisor);
        break;
      case 'huge':
        this.appendHuge(duckdb.vector_get_data(vector, count * 16), count, k.signed);
        break;
      case 'null':
        for (let i = 0; i < count; i++) this.offsets[at + i + 1] = this.utf8.length;
        break;
      default:
        this.appendText(chunk.getColumnValues(column), count);
    }
    this.appendValidity(valid, count);
  }

  private appendStrings(data: Uint8Array, valid: Uint8Array | null, count: number): void {
    const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
    const offsets = this.offsets;
    const base = this.rows;
    // Pass 1: offsets, reserve, inline strings; remember the pointed-to ones.
    let pos = this.utf8.length;
    const longRows: number[] = [];
    for (let i = 0; i < count; i++) {
      let len = 0;
      if (!valid || valid[i >> 3]! & (1 << (i & 7))) len = view.getUint32(i * 16, true);
      if (len > 12) longRows.push(i);
      pos += len;
      offsets[base + i + 1] = pos;
    }
    this.utf8.reserve(pos - this.utf8.length);
    const out = this.utf8.buf;
    let start = this.utf8.length;
    for (let i = 0; i < count; i++) {
      const end = offsets[base + i + 1]!;
      const len = end - start;
      if (len > 0 && len <= 12) {
        const src = i * 16 + 4;
        for (let j = 0; j < len; j++) out[start + j] = data[src + j]!;
      }
      start = end;
    }
    this.utf8.length = pos;
    // Pass 2: pointed-to strings, fetched run by run.
    let runLo = 0;
    let runHi = 0;
    let runFrom = 0;
    for (let n = 0; n <= longRows.length; n++) {
      let ptr = 0;
      let len = 0;
      if (n < longRows.length) {
        const i = longRows[n]!;
        len = view.getUint32(i * 16, true);
        ptr = view.getUint32(i * 16 + 8, true) + view.getUint32(i * 16 + 12, true) * TWO_32;
        if (n > runFrom && ptr < runHi + RUN_GAP && ptr + len > runLo - RUN_GAP && Math.max(runHi, ptr + len) - Math.min(runLo, ptr) <= RUN_MAX) {
          runLo = Math.min(runLo, ptr);
          runHi = Math.max(runHi, ptr + len);
          continue;
        }
      }
      if (n > runFrom) this.copyRun(view, out, longRows, runFrom, n, runLo, runHi, base);
      runFrom = n;
      runLo = ptr;
      runHi = ptr + len;
    }
  }

  /** Reads [lo, hi) once and copies each string of longRows[from..to) to its place. */
  private copyRun(view: DataView, out: Uint8Array, longRows: number[], from: number, to: number, lo: number, hi: number, base: number): void {
    this.scratch.setUint32(0, lo % TWO_32, true);
    this.scratch.setUint32(4, Math.floor(lo / TWO_32), true);
    const run = duckdb.get_data_from_pointer(this.scratch.buffer as ArrayBuffer, 0, hi - lo);
    for (let n = from; n < to; n++) {
      const i = longRows[n]!;
      const len = view.getUint32(i * 16, true);
      const src = view.getUint32(i * 16 + 8, true) + view.getUint32(i * 16 + 12, true) * TWO_32 - lo;
      const dst = this.offsets[base + i]!;
      if (len > 48) out.set(run.subarray(src, src + len), dst);
      else for (let j = 0; j < len; j++) out[dst + j] = run[src + j]!;
    }
  }

  private appendEnum(data: Uint8Array, valid: Uint8Array | null, count: number, width: number, members: Uint8Array[]): void {
    const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
    const base = this.rows;
    for (let i = 0; i < count; i++) {
      if (valid && !(valid[i >> 3]! & (1 << (i & 7)))) {
        this.offsets[base + i + 1] = this.utf8.length;
        continue;
      }
      const idx = width === 1 ? data[i]! : width === 2 ? view.getUint16(i * 2, true) : view.getUint32(i * 4, true);
      this.utf8.push(members[idx]!);
      this.offsets[base + i + 1] = this.utf8.length;
    }
  }

  private appendDecimal(data: Uint8Array, count: number, width: number, divisor: number): void {
    const out = new Float64Array(this.values.buffer, this.rows * 8, count);
    const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
    for (let i = 0; i < count; i++) {
      let v: number;
      if (width === 2) v = view.getInt16(i * 2, true);
      else if (width === 4) v = view.getInt32(i * 4, true);
      else if (width === 8) v = Number(view.getBigInt64(i * 8, true));
      else v = Number(view.getBigInt64(i * 16 + 8, true)) * TWO_64 + Number(view.getBigUint64(i * 16, true));
      out[i] = v / divisor;
    }
  }

  private appendHuge(data: Uint8Array, count: number, signed: boolean): void {
    const out = new Float64Array(this.values.buffer, this.rows * 8, count);
    const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
    for (let i = 0; i < count; i++) {
      const upper = signed ? view.getBigInt64(i * 16 + 8, true) : view.getBigUint64(i * 16 + 8, true);
      out[i] = Number(upper) * TWO_64 + Number(view.getBigUint64(i * 16, true));
    }
  }

  private appendText(vals: readonly unknown[], count: number): void {
    const base = this.rows;
    for (let i = 0; i < count; i++) {
      const v = vals[i];
      if (v !== null && v !== undefined) this.utf8.push(this.enc.encode(typeof v === 'string' ? v : String(v)));
      this.offsets[base + i + 1] = this.utf8.length;
    }
  }

  private appendValidity(valid: Uint8Array | null, count: number): void {
    const start = this.rows;
    const bits = this.validity;
    if (start % 8 === 0) {
      const bytes = (count + 7) >> 3;
      if (!valid) bits.fill(0xff, start >> 3, (start >> 3) + bytes);
      else {
        bits.set(valid.subarray(0, bytes), start >> 3);
        const full = count >> 3;
        let set = 0;
        for (let b = 0; b < full; b++) set += POPCOUNT[valid[b]!]!;
        for (let i = full * 8; i < count; i++) if (valid[i >> 3]! & (1 << (i & 7))) set++;
        this.nulls += count - set;
      }
    } else {
      for (let i = 0; i < count; i++) {
        const isValid = !valid || (valid[i >> 3]! & (1 << (i & 7))) !== 0;
        const j = start + i;
        if (isValid) bits[j >> 3]! |= 1 << (j & 7);
        else {
          bits[j >> 3]! &= ~(1 << (j & 7));
          this.nulls++;
        }
      }
    }
    this.rows += count;
  }

  /** Emits the accumulated rows as Arrow Data and starts a fresh batch. */
  flush(type: DataType): Data {
    const length = this.rows;
    const nullBitmap = this.nulls > 0 ? this.validity.slice(0, (length + 7) >> 3) : undefined;
    const nullCount = this.nulls;
    let data: Data;
    const k = this.k.kind;
    if (k === 'utf8' || k === 'text' || k === 'enum' || k === 'null') {
      data = makeData({ type: type as Utf8, length, nullCount, nullBitmap, valueOffsets: this.offsets.slice(0, length + 1), data: this.utf8.buf.slice(0, this.utf8.length) });
      this.utf8 = new Bytes(Math.max(1024, this.utf8.length));
    } else {
      // The batch keeps a view on the values: the next rows go to new buffers.
      data = makeData({ type, length, nullCount, nullBitmap, data: typedView(type, this.values, length) } as never);
      this.values = new Uint8Array(this.values.length);
    }
    this.validity.fill(0);
    this.nulls = 0;
    this.rows = 0;
    return data;
  }
}

function typedView(type: DataType, raw: Uint8Array, length: number): ArrayBufferView {
  const b = raw.buffer;
  if (type instanceof Bool) {
    const packed = new Uint8Array((length + 7) >> 3);
    for (let i = 0; i < length; i++) if (raw[i]) packed[i >> 3]! |= 1 << (i & 7);
    return packed;
  }
  if (type instanceof Float64) return new Float64Array(b, 0, length);
  if (type instanceof Float32) return new Float32Array(b, 0, length);
  if (type instanceof Int64 || type.typeId === Type.Timestamp) return new BigInt64Array(b, 0, length);
  if (type instanceof Uint64) return new BigUint64Array(b, 0, length);
  if (type instanceof Int32 || type instanceof DateDay) return new Int32Array(b, 0, length);
  if (type instanceof Uint32) return new Uint32Array(b, 0, length);
  if (type instanceof Int16) return new Int16Array(b, 0, length);
  if (type instanceof Uint16) return new Uint16Array(b, 0, length);
  if (type instanceof Int8) return new Int8Array(b, 0, length);
  return new Uint8Array(b, 0, length);
}

export interface ArrowOptions {
  /** Stop after this many rows; `truncated` (and the schema metadata `sotong.truncated`) tells whether more existed. */
  maxRows?: number;
  /**
   * String metadata stored on the Arrow schema (e.g. notes on null metrics); a
   * function is called after the last row is read, with the values read of
   * each column (also of the `omit`ted ones: a small result can carry the
   * inputs of its notes without a second query).
   */
  metadata?: Record<string, string> | ((column: (name: string) => unknown[]) => Record<string, string>);
  /** Columns read (for `metadata`) but left out of the output. */
  omit?: readonly string[];
}

export interface ArrowOutput {
  bytes: Uint8Array;
  rows: number;
  truncated: boolean;
}

/** The Arrow fields a DuckDB result maps to (TYPE MAP above). */
export function arrowFields(result: DuckDBResult): Field[] {
  const names = result.columnNames();
  return result.columnTypes().map((t, i) => new Field(names[i]!, columnKind(t).arrow(), true));
}

/**
 * Reads a DuckDB result chunk by chunk and yields Arrow record batches of up
 * to `batchRows` rows (without a schema's metadata); `done()` tells, after
 * the last batch, whether rows beyond `maxRows` existed.
 */
export async function* arrowBatches(
  result: DuckDBResult,
  options: { maxRows?: number; batchRows?: number; state?: { rows: number; truncated: boolean } } = {},
): AsyncGenerator<{ fields: Field[]; data: Data<Struct> }> {
  const fields = arrowFields(result);
  const kinds = result.columnTypes().map(columnKind);
  const maxRows = options.maxRows ?? Number.POSITIVE_INFINITY;
  const batchRows = Math.max(2048, Math.min(options.batchRows ?? BATCH_ROWS, maxRows + 2048));
  const state = options.state ?? { rows: 0, truncated: false };
  const builders = kinds.map((k) => new ColumnBuilder(k));
  const struct = new Struct(fields);
  const cut = () => {
    const length = builders[0]?.rows ?? 0;
    const children = builders.map((b, i) => b.flush(fields[i]!.type));
    return { fields, data: makeData({ type: struct, length, children, nullCount: 0 }) };
  };
  let pending = 0;
  for (;;) {
    const chunk = await result.fetchChunk();
    if (!chunk || chunk.rowCount === 0) break;
    let count = chunk.rowCount;
    if (state.rows + count > maxRows) {
      count = maxRows - state.rows;
      state.truncated = true;
    }
    for (let c = 0; c < builders.length; c++) builders[c]!.append(chunk, c, count);
    state.rows += count;
    pending += count;
    if (pending >= batchRows) {
      yield cut();
      pending = 0;
    }
    if (state.truncated) break;
    if (state.rows === maxRows) {
      // Peek: is there anything beyond the cap?
      const more = await result.fetchChunk();
      state.truncated = !!more && more.rowCount > 0;
      break;
    }
  }
  if (pending > 0 || builders.length === 0) yield cut();
}

/** Reads a DuckDB result chunk by chunk into Arrow IPC stream bytes. */
export async function resultToArrow(result: DuckDBResult, options: ArrowOptions = {}): Promise<ArrowOutput> {
  const state = { rows: 0, truncated: false };
  const batches: Data<Struct>[] = [];
  let fields: Field[] = arrowFields(result);
  for await (const b of arrowBatches(result, { maxRows: options.maxRows, state })) {
    fields = b.fields;
    if (b.data.length > 0) batches.push(b.data);
  }
  const full = new Schema(fields);
  const column = (name: string): unknown[] => batches.flatMap((d) => [...(new RecordBatch(full, d).getChild(name) ?? [])] as unknown[]);
  const meta = typeof options.metadata === 'function' ? options.metadata(column) : (options.metadata ?? {});
  const schemaMeta = new Map(Object.entries(meta));
  if (state.truncated) schemaMeta.set(ARROW_META_TRUNCATED, 'true');
  if (options.omit?.length) {
    const kept = fields.flatMap((f, i) => (options.omit!.includes(f.name) ? [] : [i]));
    const keptFields = kept.map((i) => fields[i]!);
    for (let b = 0; b < batches.length; b++) {
      const d = batches[b]!;
      batches[b] = makeData({ type: new Struct(keptFields), length: d.length, nullCount: 0, children: kept.map((i) => d.children[i]!) });
    }
    fields = keptFields;
  }
  const schema = new Schema(fields, schemaMeta);
  const writer = new RecordBatchStreamWriter();
  writer.reset(undefined, schema);
  for (const d of batches) writer.write(new RecordBatch(schema, d));
  if (batches.length === 0) {
    const children = fields.map((f) => makeData({ type: f.type, length: 0 } as never));
    writer.write(new RecordBatch(schema, makeData({ type: new Struct(fields), length: 0, children, nullCount: 0 })));
  }
  writer.finish();
  return { bytes: writer.toUint8Array(true), rows: state.rows, truncated: state.truncated };
}
