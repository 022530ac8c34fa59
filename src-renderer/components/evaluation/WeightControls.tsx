/**
 * The engagement weight slider (0-60 %, step 1 %) with the researchers'
 * proposed 40-50 % band drawn on its track, and the editor of the six
 * component weights (their sum, and the engine's message when it is not 1).
 */
import { useTranslation } from 'react-i18next';
import { COMPONENTS, DEFAULT_WEIGHTS, PROPOSED_WEIGHT_BAND, type Component, type ComponentWeights } from '../../../src-main/common/evaluationApi';
import { Definition } from '../Definition';
import { formatNumber, formatPercent } from '../../format';

export const SLIDER_MAX = 60;

export function WeightSlider({ percent, onChange }: { percent: number; onChange: (percent: number) => void }) {
  const { t, i18n } = useTranslation();
  const [lo, hi] = PROPOSED_WEIGHT_BAND;
  const at = (p: number) => `${(p / SLIDER_MAX) * 100}%`;
  return (
    <div className="ev-slider">
      <label className="ev-control-label" htmlFor="ev-weight">
        {t('evaluation.weight')} <Definition text={t('evaluation.def.weight')} />
        <strong className="ev-slider-value" data-testid="ev-weight-value">
          {formatPercent(percent / 100, i18n.language, 0)}
        </strong>
      </label>
      <div className="ev-slider-track">
        <div className="ev-slider-band" style={{ left: at(lo * 100), width: at((hi - lo) * 100) }} title={t('evaluation.band')} />
        <input
          id="ev-weight"
          type="range"
          min={0}
          max={SLIDER_MAX}
          step={1}
          value={percent}
          onChange={(e) => onChange(Number(e.target.value))}
          aria-valuetext={formatPercent(percent / 100, i18n.language, 0)}
          data-testid="ev-weight-slider"
        />
      </div>
      <div className="ev-slider-scale" aria-hidden>
        {[0, 10, 20, 30, 40, 50, 60].map((p) => (
          <span key={p} style={{ left: at(p) }}>
            {p}
          </span>
        ))}
      </div>
      <div className="ev-slider-legend">
        <span className="ev-band-swatch" /> {t('evaluation.band')}
      </div>
    </div>
  );
}

export const weightsSum = (w: Record<Component, number>): number => COMPONENTS.reduce((s, c) => s + (Number.isFinite(w[c]) ? w[c] : NaN), 0);

export function WeightsEditor({ weights, onChange, error }: { weights: ComponentWeights; onChange: (w: ComponentWeights) => void; error?: string }) {
  const { t, i18n } = useTranslation();
  const sum = weightsSum(weights);
  const ok = Math.abs(sum - 1) <= 1e-9;
  return (
    <fieldset className="ev-weights" data-testid="ev-weights">
      <legend>{t('evaluation.weights')}</legend>
      <div className="ev-weights-grid">
        {COMPONENTS.map((c) => (
          <label key={c}>
            {t(`evaluation.component.${c}`)}
            <input
              type="number"
              min={0}
              max={1}
              step={0.05}
              value={Number.isFinite(weights[c]) ? weights[c] : ''}
              onChange={(e) => onChange({ ...weights, [c]: e.target.value === '' ? NaN : Number(e.target.value) })}
              data-testid={`ev-weight-${c}`}
            />
          </label>
        ))}
      </div>
      <div className={`ev-weights-sum${ok ? '' : ' bad'}`} data-testid="ev-weights-sum">
        {t('evaluation.weightsSum', { sum: Number.isNaN(sum) ? '–' : formatNumber(sum, i18n.language, 4) })}
        {!ok && ` · ${t('evaluation.weightsMustSum')}`}
        <button type="button" className="link" onClick={() => onChange({ ...DEFAULT_WEIGHTS })}>
          {t('evaluation.resetWeights')}
        </button>
      </div>
      {error && (
        <div className="ev-error" role="alert" data-testid="ev-weights-error">
          {error}
        </div>
      )}
    </fieldset>
  );
}
