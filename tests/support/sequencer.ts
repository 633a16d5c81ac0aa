import { BaseSequencer, type TestSpecification } from 'vitest/node'

// The files that walk every route or every collection take minutes each. On a clean clone vitest has no timings yet
// and starts the largest files first, which leaves these short-but-slow files for the end, one worker idle beside them.
const LONGEST = [
  'fuzz',
  'analysis-promises',
  'hostile-heavy',
  'authorization',
  'imports',
  'hostile-input',
  'flights',
  'reports',
]

const rank = (spec: TestSpecification) => {
  const i = LONGEST.findIndex((name) => spec.moduleId.endsWith(`/${name}.test.ts`))
  return i < 0 ? LONGEST.length : i
}

export class LongestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]) {
    const sorted = await super.sort(files)
    return sorted
      .map((spec, order) => ({ spec, order }))
      .sort((a, b) => rank(a.spec) - rank(b.spec) || a.order - b.order)
      .map(({ spec }) => spec)
  }
}
