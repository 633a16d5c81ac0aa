export const round = (x: number, decimals: number) => {
  const r = Number(x.toFixed(decimals))
  return Object.is(r, -0) ? 0 : r
}

type Props = Record<string, string | number | null>

export function featureCollectionText(features: { properties: Props; geometry: unknown }[]): string {
  const lines = features.map((f) => JSON.stringify({ type: 'Feature', properties: f.properties, geometry: f.geometry }))
  return `{"type":"FeatureCollection","features":[\n${lines.join(',\n')}\n]}\n`
}
