import { join } from 'node:path'

// The real public Kenya datasets beside the project (../shared/data): tests that use them skip, saying why, when absent.
export const SHARED_DATA = join(import.meta.dirname, '..', '..', '..', 'shared', 'data')
