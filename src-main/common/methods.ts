/**
 * The API's method names as a plain list (no zod), for the sandboxed preload,
 * which must stay tiny and dependency-free. A unit test checks it equals the
 * keys of `requestSchemas` in api.ts.
 */
export const API_METHOD_NAMES = ['info', 'sql', 'cancel', 'catalog',
  'sqlPage', 'sqlCount', 'sqlComplete', 'sqlSchema', 'sqlExport', 'sqlChart', 'sqlHistory', 'sqlSaved', 'sqlSave', 'sqlDeleteSaved'] as const;
