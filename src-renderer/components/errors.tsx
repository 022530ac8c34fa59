/**
 * Every Result error reaches the user: `useErrors().report(error)` puts it in
 * the banner at the top of the window, with its code and details.
 */
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../src-main/common/result';

interface Errors {
  report(error: ApiError): void;
}

const ErrorContext = createContext<Errors>({ report: () => undefined });

export const useErrors = (): Errors => useContext(ErrorContext);

export function ErrorProvider({ children }: { children: ReactNode }) {
  const [errors, setErrors] = useState<(ApiError & { id: number })[]>([]);
  const report = useCallback((error: ApiError) => {
    setErrors((list) => [...list.slice(-4), { ...error, id: Date.now() + Math.random() }]);
  }, []);
  const value = useMemo(() => ({ report }), [report]);
  return (
    <ErrorContext.Provider value={value}>
      <ErrorBanner errors={errors} dismiss={(id) => setErrors((l) => l.filter((e) => e.id !== id))} />
      {children}
    </ErrorContext.Provider>
  );
}

function ErrorBanner({ errors, dismiss }: { errors: (ApiError & { id: number })[]; dismiss: (id: number) => void }) {
  const { t } = useTranslation();
  if (errors.length === 0) return null;
  return (
    <div className="error-banner" role="alert" data-testid="error-banner">
      {errors.map((e) => (
        <div key={e.id} className="error-item">
          <strong>{t('error.title')}:</strong> <span className="error-message">{e.message}</span>{' '}
          <span className="error-code">
            ({t('error.code')} {e.code})
          </span>
          <button type="button" onClick={() => dismiss(e.id)}>
            {t('error.dismiss')}
          </button>
        </div>
      ))}
    </div>
  );
}
