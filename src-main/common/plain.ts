/**
 * Arrow values → plain JS values, decided once at the boundary so no chart or
 * table meets a bigint or a raw day count: Int64 → number, DateDay → 'YYYY-MM-DD',
 * Timestamp → ISO string.
 */
import { Type, type DataType } from 'apache-arrow';

export function plainValue(v: unknown, type: DataType): unknown {
  if (v === null || v === undefined) return null;
  switch (type.typeId) {
    case Type.Int:
      return typeof v === 'bigint' ? Number(v) : v;
    case Type.Date:
      return new Date(v as number).toISOString().slice(0, 10);
    case Type.Timestamp:
      return new Date(v as number).toISOString().replace('.000Z', 'Z');
    default:
      return v;
  }
}
