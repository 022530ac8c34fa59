/**
 * A CP949 (Windows Korean, a superset of EUC-KR) encoder, for writing the
 * sample file the way Korean government systems export CSV. Node can decode
 * CP949 (`TextDecoder('euc-kr')`, which the WHATWG Encoding standard defines
 * as CP949) but not encode it, so the table is the decoder's, inverted: every
 * two-byte sequence (lead 0x81-0xFE, trail 0x41-0xFE) decoded once.
 */
let table: Map<string, [number, number]> | undefined;

function encodeTable(): Map<string, [number, number]> {
  if (table) return table;
  const decoder = new TextDecoder('euc-kr', { fatal: true });
  const map = new Map<string, [number, number]>();
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x41; trail <= 0xfe; trail++) {
      let ch: string;
      try {
        ch = decoder.decode(new Uint8Array([lead, trail]));
      } catch {
        continue;
      }
      if (ch.length === 1 && !map.has(ch)) map.set(ch, [lead, trail]);
    }
  }
  table = map;
  return map;
}

/** Encodes `text` as CP949; throws on a character CP949 cannot represent. */
export function encodeCp949(text: string): Uint8Array {
  const map = encodeTable();
  const out: number[] = [];
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code < 0x80) {
      out.push(code);
      continue;
    }
    const pair = map.get(ch);
    if (!pair) throw new Error(`CP949 cannot encode "${ch}" (U+${code.toString(16).toUpperCase().padStart(4, '0')})`);
    out.push(pair[0], pair[1]);
  }
  return Uint8Array.from(out);
}
