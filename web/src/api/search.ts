import type { SearchHit } from '../../../contract/search.ts'
import { useKeptResource } from './resource.ts'

// The name search: one cached answer per term, re-read when the data changes (shell/App.tsx invalidates it).

/** The best 12 hits for a term (null: nothing to search). */
export const useSearch = (term: string | null) =>
  useKeptResource<{ hits: SearchHit[] }>(term === null ? null : `/api/search?q=${encodeURIComponent(term)}&limit=12`)
