/** The workspace catalog (departments, programs, administrations, date span) for filter bars. */
import { useEffect, useState } from 'react';
import type { Catalog } from '../../src-main/common/api';
import { useApi } from './useApi';

export function useCatalog(): Catalog | undefined {
  const api = useApi();
  const [catalog, setCatalog] = useState<Catalog>();
  useEffect(() => {
    let live = true;
    void api('catalog', {}).then((c) => live && c && setCatalog(c));
    return () => {
      live = false;
    };
  }, [api]);
  return catalog;
}
