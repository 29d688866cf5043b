// The database's lists a tenant profile chooses from (public.countries, regions, currencies,
// locales): the form offers exactly what create_tenant and the tenants trigger accept.
import { useList } from '@refinedev/core';
import { localName } from './format';
import type { RefRow, CountryRow } from '../types/rows';
export type { RefRow, CountryRow };


const ONE_HOUR = 60 * 60 * 1000;

function useRefList<T extends RefRow>(resource: string) {
  const { result } = useList<T>({
    resource, pagination: { mode: 'off' }, sorters: [{ field: 'code', order: 'asc' }],
    queryOptions: { staleTime: ONE_HOUR },
  });
  return result?.data ?? [];
}

export function useReferenceLists() {
  return {
    countries: useRefList<CountryRow>('countries'),
    regions: useRefList<RefRow & { sort: number }>('regions').slice().sort((a, b) => a.sort - b.sort),
    currencies: useRefList<RefRow>('currencies'),
    locales: useRefList<RefRow>('locales'),
  };
}

/** Select options "name (CODE)" in the reader's language. */
export function refOptions(rows: RefRow[], lang: string, withCode = true) {
  return rows.map((r) => ({ value: r.code, label: withCode ? `${localName(r.name, lang) || r.code} (${r.code})` : localName(r.name, lang) || r.code }));
}
