/** Collects parameter values while a statement is assembled from fixed SQL fragments; returns the `$n` placeholder. */
export function paramList(start: unknown[] = []) {
  const values = [...start]
  return {
    values,
    add(v: unknown): string {
      values.push(v)
      return `$${values.length}`
    },
  }
}
export type ParamList = ReturnType<typeof paramList>
