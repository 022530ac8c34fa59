/** The dashboard's view in the URL: `#/dashboard?year=2024&metric=hours_per_head` (and `report=1` for the printable report). */
import { useMemo } from 'react';
import type { Catalog } from '../../../src-main/common/api';
import { navigate, useRoute } from '../../router';
import { defaultYear, yearsWithData } from './model';
import { RANK_METRICS, type RankMetric } from './RankChart';

/** The year (default: the last complete calendar year with data) and the ranking metric (default: hours per head). */
export function useDashboardView(span: Catalog['span'] | undefined): { year: number | undefined; metric: RankMetric; set: (patch: Record<string, string | undefined>) => void } {
  const route = useRoute();
  const q = route.params.toString();
  return useMemo(() => {
    const p = new URLSearchParams(q);
    const years = yearsWithData(span);
    const asked = Number(p.get('year'));
    const year = years.includes(asked) ? asked : defaultYear(span);
    const m = p.get('metric');
    const metric = (RANK_METRICS as readonly string[]).includes(m ?? '') ? (m as RankMetric) : 'hours_per_head';
    const set = (patch: Record<string, string | undefined>) => {
      const next = new URLSearchParams(q);
      for (const [k, v] of Object.entries(patch)) {
        if (v === undefined) next.delete(k);
        else next.set(k, v);
      }
      navigate('dashboard', next);
    };
    return { year, metric, set };
  }, [q, span]);
}
