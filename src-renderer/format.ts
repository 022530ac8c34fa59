/** Number and date formats per language: 1,234 and 2019. 3. 5. in Korean. */

// Intl.NumberFormat is costly to build and these run for every cell of a table or chart: one per options.
const formats = new Map<string, Intl.NumberFormat>();
function numberFormat(lang: string, style: 'decimal' | 'percent', digits: number): Intl.NumberFormat {
  const key = `${lang}|${style}|${digits}`;
  let f = formats.get(key);
  if (!f) {
    f = new Intl.NumberFormat(lang === 'ko' ? 'ko-KR' : 'en-US', { style, maximumFractionDigits: digits });
    formats.set(key, f);
  }
  return f;
}

export const formatInt = (n: number, lang: string): string => numberFormat(lang, 'decimal', 0).format(n);

export const formatNumber = (n: number | null | undefined, lang: string, digits = 2): string =>
  n === null || n === undefined || Number.isNaN(n) ? '–' : numberFormat(lang, 'decimal', digits).format(n);

export const formatPercent = (share: number | null | undefined, lang: string, digits = 1): string =>
  share === null || share === undefined || Number.isNaN(share) ? '–' : numberFormat(lang, 'percent', digits).format(share);

/** 'YYYY-MM-DD' → '2019. 3. 5.' (ko) or '2019-03-05' (en). */
export function formatDate(iso: string | null | undefined, lang: string): string {
  if (!iso) return '–';
  if (lang !== 'ko') return iso;
  const [y, m, d] = iso.split('-').map(Number);
  return `${y}. ${m}. ${d}.`;
}

export function formatCell(v: unknown, lang: string): string {
  if (v === null || v === undefined) return '–';
  if (typeof v === 'number') return Number.isInteger(v) ? formatInt(v, lang) : formatNumber(v, lang, 4);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return String(v);
}
