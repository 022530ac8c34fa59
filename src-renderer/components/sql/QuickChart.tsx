/** A quick chart of a console result: x, y, an optional series and an aggregate, computed in SQL with a point cap. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { SQL_CHART_AGGS, SQL_CHART_POINTS, type SqlChartAgg, type SqlChartResult, type SqlColumn } from '../../../src-main/common/sqlApi';
import { ChartFrame } from '../ChartFrame';
import { useApi } from '../useApi';

const COLORS = ['#0b6e99', '#d9730d', '#0f7b6c', '#9065b0', '#c4554d', '#dfab01', '#5f6b7a', '#2e7d32'];
const MAX_SERIES = 8;

export function QuickChart({ sql, columns, timeoutSeconds }: { sql: string; columns: SqlColumn[]; timeoutSeconds?: number }) {
  const { t } = useTranslation();
  const api = useApi();
  const [x, setX] = useState(columns[0]?.name ?? '');
  const [y, setY] = useState(columns.find((c) => /INT|DOUBLE|DECIMAL|FLOAT/.test(c.type))?.name ?? '');
  const [series, setSeries] = useState('');
  const [agg, setAgg] = useState<SqlChartAgg>('sum');
  const [kind, setKind] = useState<'bar' | 'line'>('bar');
  const [chart, setChart] = useState<SqlChartResult>();
  const [busy, setBusy] = useState(false);

  const draw = async () => {
    setBusy(true);
    const r = await api('sqlChart', { sql, x, agg, maxPoints: SQL_CHART_POINTS, ...(y ? { y } : {}), ...(series ? { series } : {}), ...(timeoutSeconds ? { timeoutSeconds } : {}) });
    setBusy(false);
    if (r) setChart(r);
  };

  // Pivot (x, series, y) into one row per x with a key per series.
  const seriesNames = chart ? [...new Set(chart.points.map((p) => p.series ?? 'y'))].slice(0, MAX_SERIES) : [];
  const data: Record<string, unknown>[] = [];
  if (chart) {
    const byX = new Map<string, Record<string, unknown>>();
    for (const p of chart.points) {
      const key = String(p.x);
      let row = byX.get(key);
      if (!row) {
        row = { x: p.x };
        byX.set(key, row);
        data.push(row);
      }
      row[p.series ?? 'y'] = p.y;
    }
  }
  const select = (label: string, value: string, set: (v: string) => void, optional = false, testId?: string) => (
    <label>
      {label}
      <select value={value} onChange={(e) => set(e.target.value)} data-testid={testId}>
        {optional && <option value="">{t('screens.sql.none')}</option>}
        {columns.map((c) => (
          <option key={c.name} value={c.name}>
            {c.name}
          </option>
        ))}
      </select>
    </label>
  );

  return (
    <div className="sql-chart" data-testid="sql-chart">
      <div className="sql-chart-form">
        {select(t('screens.sql.chartX'), x, setX, false, 'sql-chart-x')}
        {select(t('screens.sql.chartY'), y, setY, agg === 'count', 'sql-chart-y')}
        {select(t('screens.sql.chartSeries'), series, setSeries, true)}
        <label>
          {t('screens.sql.chartAgg')}
          <select value={agg} onChange={(e) => setAgg(e.target.value as SqlChartAgg)}>
            {SQL_CHART_AGGS.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('screens.sql.chartKind')}
          <select value={kind} onChange={(e) => setKind(e.target.value as 'bar' | 'line')}>
            <option value="bar">{t('screens.sql.bar')}</option>
            <option value="line">{t('screens.sql.line')}</option>
          </select>
        </label>
        <button type="button" className="primary" disabled={busy || !x || (!y && agg !== 'count')} onClick={() => void draw()} data-testid="sql-chart-draw">
          {t('screens.sql.drawChart')}
        </button>
      </div>
      {chart && (
        <ChartFrame
          title={`${agg}(${agg === 'count' && !y ? '*' : y}) ${t('screens.sql.by')} ${x}${series ? ` · ${series}` : ''}`}
          definition={t('screens.sql.chartDefinition', { max: chart.maxPoints })}
          points={chart.total}
          maxPoints={chart.maxPoints}
          filename="sotong-query-chart"
        >
          <ResponsiveContainer width="100%" height="100%">
            {kind === 'bar' ? (
              <BarChart data={data}>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis dataKey="x" />
                <YAxis />
                <Tooltip />
                {seriesNames.length > 1 && <Legend />}
                {seriesNames.map((s, i) => (
                  <Bar key={s} dataKey={s} fill={COLORS[i % COLORS.length]} isAnimationActive={false} />
                ))}
              </BarChart>
            ) : (
              <LineChart data={data}>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis dataKey="x" type={chart.xNumeric ? 'number' : 'category'} domain={['auto', 'auto']} />
                <YAxis />
                <Tooltip />
                {seriesNames.length > 1 && <Legend />}
                {seriesNames.map((s, i) => (
                  <Line key={s} dataKey={s} stroke={COLORS[i % COLORS.length]} dot={false} isAnimationActive={false} connectNulls />
                ))}
              </LineChart>
            )}
          </ResponsiveContainer>
        </ChartFrame>
      )}
    </div>
  );
}
