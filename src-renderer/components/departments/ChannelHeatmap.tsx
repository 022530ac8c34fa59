/**
 * Department × channel (departmentChannelMatrix): hours or events of each
 * department in each channel; rows ordered by bureau, the focused row lit.
 */
import { useTranslation } from 'react-i18next';
import type { Row } from '../../api/client';
import { formatInt, formatNumber } from '../../format';
import { ChartFrame } from '../ChartFrame';
import { TableExport } from '../TableExport';
import { Heatmap, heatmapHeight, HeatLegend, type HeatCell } from './Heatmap';
import { CHANNELS, num, type CellMeasure, type DepartmentInfo } from './model';
import { nameAxisWidth } from './NameTick';

export const MAX_ROWS = 120;

export function ChannelHeatmap({
  rows,
  order,
  names,
  measure,
  onMeasure,
  focus,
  onFocus,
}: {
  rows: Row[];
  order: string[];
  names: Map<string, DepartmentInfo>;
  measure: CellMeasure;
  onMeasure: (m: CellMeasure) => void;
  focus?: string;
  onFocus: (id: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const present = new Set(rows.map((r) => String(r.channel)));
  const channels = [...CHANNELS.filter((c) => present.has(c)), ...[...present].filter((c) => !(CHANNELS as readonly string[]).includes(c)).sort()];
  const active = new Set(rows.map((r) => String(r.department_id)));
  const departments = order.filter((d) => active.has(d));
  const shownDepartments = departments.slice(0, MAX_ROWS);
  const rowIndex = new Map(shownDepartments.map((d, i) => [d, i]));
  const colIndex = new Map(channels.map((c, i) => [c, i]));
  const fmt = (v: number) => (measure === 'events' ? formatInt(v, lang) : formatNumber(v, lang, 0));
  const measureLabel = t(`metrics.${measure}.label`);
  const cells: HeatCell[] = [];
  for (const r of rows) {
    const ri = rowIndex.get(String(r.department_id));
    const ci = colIndex.get(String(r.channel));
    const v = num(r[measure]) ?? 0;
    if (ri === undefined || ci === undefined || v <= 0) continue;
    const id = String(r.department_id);
    const channel = String(r.channel);
    const title = () =>
      t('departments.channelMatrix.cell', { department: names.get(id)?.name ?? id, channel: t(`channel.${channel}`, channel), value: fmt(v), measure: measureLabel.toLowerCase() });
    cells.push({ row: ri, col: ci, value: v, text: fmt(v), title });
  }
  const max = cells.reduce((m, c) => Math.max(m, c.value), 0);
  const cellHeight = shownDepartments.length > 60 ? 12 : 18;
  const labelWidth = nameAxisWidth(shownDepartments, names, 240);

  return (
    <div className="dp-chart-block">
      <div className="dp-chart-tools">
        <label>
          {t('departments.channelMatrix.measure')}
          <select value={measure} onChange={(e) => onMeasure(e.target.value as CellMeasure)} data-testid="dp-cell-measure">
            <option value="hours">{t('metrics.hours.label')}</option>
            <option value="events">{t('metrics.events.label')}</option>
          </select>
        </label>
        <HeatLegend max={fmt(max)} label={measureLabel} />
        <TableExport columns={['department_id', 'channel', 'events', 'hours']} rows={rows} filename="sotong-department-channel" />
      </div>
      <ChartFrame
        title={t('departments.channelMatrix.title')}
        definition={`${t('departments.channelMatrix.definition', { measure: measureLabel.toLowerCase() })} ${t(`metrics.${measure}.def`)}`}
        points={departments.length}
        maxPoints={MAX_ROWS}
        filename={`sotong-department-channel-${measure}`}
        testId="dp-channel-heatmap"
        height={heatmapHeight(shownDepartments.length, cellHeight, 26)}
      >
        <Heatmap
          rows={shownDepartments.map((d) => ({ id: d, label: names.get(d)?.name ?? d, title: `${d} · ${names.get(d)?.name ?? d}`, group: names.get(d)?.bureau }))}
          cols={channels.map((c) => ({ id: c, label: t(`channel.${c}`, c), title: t(`channel.${c}`, c) }))}
          cells={cells}
          cellHeight={cellHeight}
          rowLabelWidth={labelWidth}
          colLabelHeight={26}
          focus={focus}
          onFocus={onFocus}
        />
      </ChartFrame>
    </div>
  );
}
