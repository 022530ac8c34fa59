/**
 * Exports made in the renderer from what is on screen (aggregates only):
 * tables to CSV and XLSX, charts to SVG and PNG. Large results (the SQL
 * console) are exported by the engine instead, streamed to the file.
 */
import type { Row } from '../api/client';

export function download(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

const csvCell = (v: unknown): string => {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'string' ? v : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
};

export function rowsToCsv(columns: string[], rows: Row[]): string {
  return [columns.join(','), ...rows.map((r) => columns.map((c) => csvCell(r[c])).join(','))].join('\r\n') + '\r\n';
}

/** CSV with a BOM, so Excel opens Korean text as UTF-8. */
export function exportCsv(columns: string[], rows: Row[], filename: string): void {
  download(new Blob(['\uFEFF', rowsToCsv(columns, rows)], { type: 'text/csv;charset=utf-8' }), filename);
}

/** XLSX via exceljs, loaded only when first used. `header` lines go above the table (e.g. the setup used). */
export async function exportXlsx(columns: string[], rows: Row[], filename: string, header: string[] = []): Promise<void> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Sotong');
  for (const line of header) ws.addRow([line]);
  if (header.length) ws.addRow([]);
  const head = ws.addRow(columns);
  head.font = { bold: true };
  for (const r of rows) ws.addRow(columns.map((c) => r[c] ?? null));
  const buf = await wb.xlsx.writeBuffer();
  download(new Blob([buf], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }), filename);
}

function svgText(svg: SVGSVGElement): string {
  const clone = svg.cloneNode(true) as SVGSVGElement;
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  const { width, height } = svg.getBoundingClientRect();
  clone.setAttribute('width', String(width));
  clone.setAttribute('height', String(height));
  return new XMLSerializer().serializeToString(clone);
}

export function exportSvg(svg: SVGSVGElement, filename: string): void {
  download(new Blob([svgText(svg)], { type: 'image/svg+xml' }), filename);
}

/** PNG at print resolution (3× the screen size by default). */
export async function exportPng(svg: SVGSVGElement, filename: string, scale = 3): Promise<void> {
  const { width, height } = svg.getBoundingClientRect();
  const url = URL.createObjectURL(new Blob([svgText(svg)], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    await new Promise<void>((resolve, reject) => {
      img.onload = () => resolve();
      img.onerror = () => reject(new Error('The chart could not be rendered to PNG.'));
      img.src = url;
    });
    const canvas = document.createElement('canvas');
    canvas.width = Math.ceil(width * scale);
    canvas.height = Math.ceil(height * scale);
    const ctx = canvas.getContext('2d')!;
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.scale(scale, scale);
    ctx.drawImage(img, 0, 0, width, height);
    const blob = await new Promise<Blob | null>((r) => canvas.toBlob(r, 'image/png'));
    if (blob) download(blob, filename);
  } finally {
    URL.revokeObjectURL(url);
  }
}
