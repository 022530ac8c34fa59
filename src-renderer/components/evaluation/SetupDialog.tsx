/**
 * The evaluation setups dialog: save the current settings under a name, copy
 * or delete a saved setup, and compare two (their differing settings and,
 * for one period, how their composites and ranks differ). Errors are the
 * engine's messages, shown in the dialog.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EvaluationSettings, EvaluationSetup, SetupComparison } from '../../../src-main/common/evaluationApi';
import { call } from '../../api/client';
import { formatInt, formatNumber } from '../../format';

const show = (v: unknown): string => (v === undefined || v === null ? '–' : typeof v === 'object' ? JSON.stringify(v) : String(v));

export function SetupDialog({
  setups, current, selected, onChanged, onClose,
}: {
  setups: EvaluationSetup[];
  current: EvaluationSettings;
  selected: string | undefined;
  /** After a save, copy or delete: reload the list; `select` names the setup to pick. */
  onChanged: (select?: string) => void;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const [name, setName] = useState('');
  const [replace, setReplace] = useState(false);
  const [copyTo, setCopyTo] = useState('');
  const [source, setSource] = useState(selected ?? setups[0]?.name ?? '');
  const [a, setA] = useState(setups[0]?.name ?? '');
  const [b, setB] = useState(setups[1]?.name ?? setups[0]?.name ?? '');
  const [comparison, setComparison] = useState<SetupComparison>();
  const [message, setMessage] = useState<{ error: boolean; text: string }>();

  const run = async <T,>(p: Promise<{ ok: true; value: T } | { ok: false; error: { message: string } }>, done: (v: T) => void) => {
    const r = await p;
    if (!r.ok) setMessage({ error: true, text: r.error.message });
    else {
      setMessage(undefined);
      done(r.value);
    }
  };

  const chosen = setups.find((s) => s.name === source);
  return (
    <div className="ev-dialog-backdrop" onClick={onClose}>
      <div className="ev-dialog" role="dialog" aria-modal="true" aria-label={t('evaluation.dialog.title')} onClick={(e) => e.stopPropagation()} data-testid="ev-setup-dialog">
        <header>
          <h2>{t('evaluation.dialog.title')}</h2>
          <button type="button" onClick={onClose}>{t('evaluation.dialog.close')}</button>
        </header>
        {message && <div className={message.error ? 'ev-error' : 'ev-ok'} role={message.error ? 'alert' : 'status'}>{message.text}</div>}

        <section>
          <h3>{t('evaluation.dialog.saveAs')}</h3>
          <div className="ev-dialog-row">
            <input value={name} onChange={(e) => setName(e.target.value)} placeholder={t('evaluation.dialog.name')} data-testid="ev-setup-name" />
            <label className="radio"><input type="checkbox" checked={replace} onChange={(e) => setReplace(e.target.checked)} /> {t('evaluation.dialog.replace')}</label>
            <button
              type="button"
              className="primary"
              data-testid="ev-setup-save"
              onClick={() => void run(call('saveEvaluationSetup', { name, period: current.period, weight: current.weight, weights: current.weights, peer: current.peer, replace }), (s) => {
                setMessage({ error: false, text: t('evaluation.dialog.saved', { name: s.name }) });
                onChanged(s.name);
              })}
            >
              {t('evaluation.dialog.save')}
            </button>
          </div>
        </section>

        <section>
          <h3>{t('evaluation.setup')}</h3>
          <div className="ev-dialog-row">
            <select value={source} onChange={(e) => setSource(e.target.value)}>
              {setups.map((s) => <option key={s.name} value={s.name}>{s.name}{s.builtin ? ` (${t('evaluation.builtin')})` : ''}</option>)}
            </select>
            <input value={copyTo} onChange={(e) => setCopyTo(e.target.value)} placeholder={t('evaluation.dialog.copyTo', { from: source })} />
            <button type="button" onClick={() => void run(call('copyEvaluationSetup', { from: source, to: copyTo, replace }), (s) => onChanged(s.name))}>{t('evaluation.dialog.copy')}</button>
            <button
              type="button"
              disabled={!chosen || chosen.builtin}
              onClick={() => {
                if (window.confirm(t('evaluation.dialog.deleteConfirm', { name: source }))) void run(call('deleteEvaluationSetup', { name: source }), () => onChanged());
              }}
            >
              {t('evaluation.dialog.delete')}
            </button>
          </div>
        </section>

        <section>
          <h3>{t('evaluation.dialog.compare')}</h3>
          <div className="ev-dialog-row">
            <select value={a} onChange={(e) => setA(e.target.value)} data-testid="ev-compare-a">
              {setups.map((s) => <option key={s.name} value={s.name}>{s.name}</option>)}
            </select>
            <span>↔</span>
            <select value={b} onChange={(e) => setB(e.target.value)} data-testid="ev-compare-b">
              {setups.map((s) => <option key={s.name} value={s.name}>{s.name}</option>)}
            </select>
            <button type="button" onClick={() => void run(call('compareEvaluationSetups', { a, b, period: current.period }), setComparison)} data-testid="ev-compare-run">
              {t('evaluation.dialog.compareRun')}
            </button>
          </div>
          {comparison && (
            <div className="ev-compare" data-testid="ev-compare-result">
              {comparison.differences.length === 0 ? (
                <p>{t('evaluation.dialog.same')}</p>
              ) : (
                <table className="data-table">
                  <thead><tr><th>{t('evaluation.dialog.field')}</th><th>{comparison.a.name}</th><th>{comparison.b.name}</th></tr></thead>
                  <tbody>
                    {comparison.differences.map((d) => <tr key={d.field}><td>{d.field}</td><td>{show(d.a)}</td><td>{show(d.b)}</td></tr>)}
                  </tbody>
                </table>
              )}
              {comparison.scores && (
                <p>
                  {t('evaluation.dialog.comparedOn', { period: comparison.scores.period, n: formatInt(comparison.scores.n, i18n.language) })}:{' '}
                  {t('evaluation.dialog.correlation')} {formatNumber(comparison.scores.composite_correlation, i18n.language, 4)} · {t('evaluation.dialog.rankChanged')} {formatInt(comparison.scores.rank_changed, i18n.language)}
                </p>
              )}
              {comparison.note && <p className="note">{comparison.note}</p>}
            </div>
          )}
        </section>
      </div>
    </div>
  );
}
