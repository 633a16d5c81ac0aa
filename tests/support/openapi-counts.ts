import { join } from 'node:path'
import { TMP } from './template.ts'

/** Where each test file's count of checked replies goes (openapi-check.ts); global-setup.ts adds them up. */
export const COUNTS_DIR = join(TMP, 'openapi-counts')
