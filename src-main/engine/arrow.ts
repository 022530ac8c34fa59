/**
 * DuckDB result → Apache Arrow IPC stream bytes, column by column.
 *
 * Fixed-width columns are copied straight out of DuckDB's vectors (their
 * layout equals Arrow's: little-endian values, DATE as int32 days, TIMESTAMP
 * as int64 microseconds, validity as an LSB-first bitmap), so no JS value is
 * created per cell. VARCHAR is copied byte-wise from `duckdb_string_t`
 * (inline up to 12 bytes, otherwise through a pointer). Types without a direct
 * layout have an explicit mapping (see TYPE MAP below), via JS values.
 *
 * TYPE MAP: BOOLEAN→Bool, TINYINT/SMALLINT/INTEGER→Int8/16/32, BIGINT→Int64,
 * UTINYINT..UBIGINT→Uint8..Uint64, FLOAT→Float32, DOUBLE→Float64,
 * DATE→DateDay, TIMESTAMP/TIMESTAMP_TZ→TimestampMicrosecond,
 * VARCHAR→Utf8, DECIMAL/HUGEINT/UHUGEINT→Float64, SQLNULL→Null-typed Utf8,
 * everything else (LIST, STRUCT, MAP, ENUM, UUID, INTERVAL, TIME, BLOB…)→Utf8
 * holding DuckDB's JSON rendering of the value (ENUM and UUID: their text).
 */
import duckdb from '@duckdb/node-bindings';
import { ARROW_META_TRUNCATED } from '../common/api';
import type { DuckDBDataChunk, DuckDBResult, DuckDBType } from '@duckdb/node-api';
import { DuckDBTypeId } from '@duckdb/node-api';
import {
  Bool, DataType, DateDay, Field, Float32, Float64, Int16, Int32, Int64, Int8, RecordBatch, RecordBatchStreamWriter,
  Schema, Struct, TimestampMicrosecond, Uint16, Uint32, Uint64, Uint8, Utf8, makeData,
} from 'apache-arrow';

/** Rows per Arrow record batch (DuckDB hands out 2048-row chunks). */
const BATCH_ROWS = 64 * 1024;

interface FixedKind {
  kind: 'fixed';
  width: number;
  arrow: () => DataType;
}
interface SpecialKind {
  kind: 'bool' | 'utf8' | 'number' | 'text';
  arrow: () => DataType;
}
type ColumnKind = FixedKind | SpecialKind;

const FIXED: Partial<Record<DuckDBTypeId, FixedKind>> = {
  [DuckDBTypeId.TINYINT]: { kind: 'fixed', width: 1, arrow: () => new Int8() },
  [DuckDBTypeId.SMALLINT]: { kind: 'fixed', width: 2, arrow: () => new Int16() },
  [DuckDBTypeId.INTEGER]: { kind: 'fixed', width: 4, arrow: () => new Int32() },
  [DuckDBTypeId.BIGINT]: { kind: 'fixed', width: 8, arrow: () => new Int64() },
  [DuckDBTypeId.UTINYINT]: { kind: 'fixed', width: 1, arrow: () => new Uint8() },
  [DuckDBTypeId.USMALLINT]: { kind: 'fixed', width: 2, arrow: () => new Uint16() },
  [DuckDBTypeId.UINTEGER]: { kind: 'fixed', width: 4, arrow: () => new Uint32() },
  [DuckDBTypeId.UBIGINT]: { kind: 'fixed', width: 8, arrow: () => new Uint64() },
  [DuckDBTypeId.FLOAT]: { kind: 'fixed', width: 4, arrow: () => new Float32() },
  [DuckDBTypeId.DOUBLE]: { kind: 'fixed', width: 8, arrow: () => new Float64() },
  [DuckDBTypeId.DATE]: { kind: 'fixed', width: 4, arrow: () => new DateDay() },
  [DuckDBTypeId.TIMESTAMP]: { kind: 'fixed', width: 8, arrow: () => new TimestampMicrosecond() },
  [DuckDBTypeId.TIMESTAMP_TZ]: { kind: 'fixed', width: 8, arrow: () => new TimestampMicrosecond('UTC') },
};

export function columnKind(type: DuckDBType): ColumnKind {
  const fixed = FIXED[type.typeId];
  if (fixed) return fixed;
  switch (type.typeId) {
    case DuckDBTypeId.BOOLEAN:
      return { kind: 'bool', arrow: () => new Bool() };
    case DuckDBTypeId.VARCHAR:
      return { kind: 'utf8', arrow: () => new Utf8() };
    case DuckDBTypeId.DECIMAL:
    case DuckDBTypeId.HUGEINT:
    case DuckDBTypeId.UHUGEINT:
      return { kind: 'number', arrow: () => new Float64() };
    default:
      return { kind: 'text', arrow: () => new Utf8() };
  }
}

/** Grows a byte buffer by doubling. */
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
  take(): Uint8Array {
    return this.buf.slice(0, this.length);
  }
}

/** One output column, accumulated over DuckDB chunks until a batch is cut. */
class ColumnBuilder {
  private values = new Bytes();
  private utf8 = new Bytes();
  private offsets: number[] = [0];
  private validity = new Bytes();
  private nulls = 0;
  rows = 0;

  constructor(private readonly kindInfo: ColumnKind) {}

  append(chunk: DuckDBDataChunk, column: number, count: number): void {
    const vector = duckdb.data_chunk_get_vector(chunk.chunk, column);
    const valid = duckdb.vector_get_validity(vector, Math.ceil(count / 64) * 8) as Uint8Array | null;
    const k = this.kindInfo;
    if (k.kind === 'fixed') {
      this.values.push(duckdb.vector_get_data(vector, count * k.width));
    } else if (k.kind === 'bool') {
      const data = duckdb.vector_get_data(vector, count);
      this.values.reserve(count);
      for (let i = 0; i < count; i++) this.values.buf[this.values.length++] = data[i] ? 1 : 0;
    } else if (k.kind === 'utf8') {
      this.appendStrings(duckdb.vector_get_data(vector, count * 16), valid, count);
    } else if (k.kind === 'number') {
      const out = new Float64Array(count);
      const vals = chunk.getColumnValues(column);
      for (let i = 0; i < count; i++) out[i] = toNumber(vals[i]);
      this.values.push(new Uint8Array(out.buffer));
    } else {
      const vals = chunk.getColumnValues(column);
      const enc = new TextEncoder();
      for (let i = 0; i < count; i++) {
        const v = vals[i];
        const text = v === null || v === undefined ? '' : typeof v === 'string' ? v : String(v);
        this.utf8.push(enc.encode(text));
        this.offsets.push(this.utf8.length);
      }
    }
    this.appendValidity(valid, count);
  }

  private appendStrings(data: Uint8Array, valid: Uint8Array | null, count: number): void {
    const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
    for (let i = 0; i < count; i++) {
      const at = i * 16;
      if (valid && !(valid[i >> 3]! & (1 << (i & 7)))) {
        this.offsets.push(this.utf8.length);
        continue;
      }
      const len = view.getUint32(at, true);
      if (len <= 12) this.utf8.push(data.subarray(at + 4, at + 4 + len));
      else this.utf8.push(duckdb.get_data_from_pointer(data.buffer as ArrayBuffer, data.byteOffset + at + 8, len));
      this.offsets.push(this.utf8.length);
    }
  }

  private appendValidity(valid: Uint8Array | null, count: number): void {
    const start = this.rows;
    this.validity.reserve(Math.ceil((start + count) / 8) - this.validity.length + 1);
    const bits = this.validity.buf;
    if (!valid && start % 8 === 0) {
      bits.fill(0xff, start >> 3, (start + count + 7) >> 3);
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
    this.validity.length = Math.ceil(this.rows / 8);
  }

  /** Emits the accumulated rows as Arrow Data and resets. */
  flush(type: DataType) {
    const length = this.rows;
    const nullBitmap = this.nulls > 0 ? this.validity.take() : undefined;
    const nullCount = this.nulls;
    let data;
    if (this.kindInfo.kind === 'utf8' || this.kindInfo.kind === 'text') {
      data = makeData({ type: type as Utf8, length, nullCount, nullBitmap, valueOffsets: Int32Array.from(this.offsets), data: this.utf8.take() });
    } else {
      const raw = this.values.take();
      const typed = typedView(type, raw, length);
      data = makeData({ type, length, nullCount, nullBitmap, data: typed } as never);
    }
    this.values = new Bytes();
    this.utf8 = new Bytes();
    this.offsets = [0];
    this.validity = new Bytes();
    this.nulls = 0;
    this.rows = 0;
    return data;
  }
}

function toNumber(v: unknown): number {
  if (v === null || v === undefined) return 0;
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'object' && 'toDouble' in v && typeof v.toDouble === 'function') return v.toDouble() as number;
  return Number(v);
}

function typedView(type: DataType, raw: Uint8Array, length: number): ArrayBufferView {
  const b = raw.buffer;
  if (type instanceof Bool) {
    const packed = new Uint8Array(Math.ceil(length / 8));
    for (let i = 0; i < length; i++) if (raw[i]) packed[i >> 3]! |= 1 << (i & 7);
    return packed;
  }
  if (type instanceof Float64) return new Float64Array(b, 0, length);
  if (type instanceof Float32) return new Float32Array(b, 0, length);
  if (type instanceof Int64 || type instanceof TimestampMicrosecond) return new BigInt64Array(b, 0, length);
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
  /** String metadata stored on the Arrow schema (e.g. notes on null metrics). */
  metadata?: Record<string, string>;
}

export interface ArrowOutput {
  bytes: Uint8Array;
  rows: number;
  truncated: boolean;
}

/** Reads a DuckDB result chunk by chunk into Arrow IPC stream bytes. */
export async function resultToArrow(result: DuckDBResult, options: ArrowOptions = {}): Promise<ArrowOutput> {
  const names = result.columnNames();
  const kinds = result.columnTypes().map(columnKind);
  const fields = names.map((n, i) => new Field(n, kinds[i]!.arrow(), true));
  const maxRows = options.maxRows ?? Number.POSITIVE_INFINITY;
  let truncated = false;
  let rows = 0;
  const builders = kinds.map((k) => new ColumnBuilder(k));
  const batches: RecordBatch[] = [];
  const schemaMeta = new Map(Object.entries(options.metadata ?? {}));
  const schema = new Schema(fields, schemaMeta);
  const cut = () => {
    const length = builders[0]?.rows ?? 0;
    if (length === 0) return;
    const children = builders.map((b, i) => b.flush(fields[i]!.type));
    batches.push(new RecordBatch(schema, makeData({ type: new Struct(fields), length, children, nullCount: 0 })));
  };
  for (;;) {
    const chunk = await result.fetchChunk();
    if (!chunk || chunk.rowCount === 0) break;
    let count = chunk.rowCount;
    if (rows + count > maxRows) {
      count = maxRows - rows;
      truncated = true;
    }
    for (let c = 0; c < builders.length; c++) builders[c]!.append(chunk, c, count);
    rows += count;
    if ((builders[0]?.rows ?? 0) >= BATCH_ROWS) cut();
    if (truncated) break;
    if (rows === maxRows) {
      // Peek: is there anything beyond the cap?
      const more = await result.fetchChunk();
      truncated = !!more && more.rowCount > 0;
      break;
    }
  }
  cut();
  if (truncated) schemaMeta.set(ARROW_META_TRUNCATED, 'true');
  const finalSchema = new Schema(fields, schemaMeta);
  const writer = new RecordBatchStreamWriter();
  writer.reset(undefined, finalSchema);
  for (const b of batches) writer.write(new RecordBatch(finalSchema, b.data));
  if (batches.length === 0) writer.write(new RecordBatch(finalSchema, makeData({ type: new Struct(fields), length: 0, children: fields.map((f) => makeData({ type: f.type, length: 0 } as never)), nullCount: 0 })));
  writer.finish();
  return { bytes: writer.toUint8Array(true), rows, truncated };
}
