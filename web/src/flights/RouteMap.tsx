import type { FlightDetail } from './api.ts'

// The legs of a request and the evidence of their factors (airstrips, incidents, hot cells, border points) on one
// small map: an equirectangular SVG (Kenya spans ±5° of the equator), so it needs no tiles and shows to an operator,
// who may read no map layer. A clicked piece of evidence is ringed.

type Geo = { type: string; coordinates: unknown }

const COLOURS: Record<string, string> = {
  airstrip: '#0b3d2e',
  site: '#0b3d2e',
  incident: '#c0392b',
  hot_cell: '#e67e22',
  border: '#6c3483',
  closure: '#7f1d1d',
  flight: '#1f4e79',
}

export function RouteMap({ flight, focus }: { flight: FlightDetail; focus: unknown }) {
  const W = 360
  const H = 360
  const points = flight.legs.flatMap((l) => [
    [l.from.lon, l.from.lat],
    [l.to.lon, l.to.lat],
  ])
  const evidence = (flight.assessment?.legs ?? []).flatMap((leg) =>
    leg.factors.flatMap((f) =>
      f.evidence.map((e) => ({ kind: e.kind, label: e.label, geometry: e.geometry as Geo | null })),
    ),
  )
  const coords = (g: Geo | null): number[][] =>
    !g
      ? []
      : g.type === 'Point'
        ? [g.coordinates as number[]]
        : g.type === 'Polygon'
          ? (g.coordinates as number[][][])[0]!
          : g.type === 'LineString'
            ? (g.coordinates as number[][])
            : []
  const all = [...points, ...evidence.flatMap((e) => coords(e.geometry))]
  const lons = all.map((p) => p[0]!)
  const lats = all.map((p) => p[1]!)
  const pad = 0.3
  const [x0, x1, y0, y1] = [
    Math.min(...lons) - pad,
    Math.max(...lons) + pad,
    Math.min(...lats) - pad,
    Math.max(...lats) + pad,
  ]
  const k = Math.min(W / (x1 - x0), H / (y1 - y0))
  const px = (lon: number) => (lon - x0) * k
  const py = (lat: number) => H - (lat - y0) * k
  const same = (g: unknown) => JSON.stringify(g) === JSON.stringify(focus)
  return (
    <svg
      className="route-map"
      viewBox={`0 0 ${W} ${H}`}
      role="img"
      aria-label="Legs and factors"
      data-testid="route-map"
    >
      <rect width={W} height={H} fill="#f4f7f5" />
      {evidence
        .filter((e) => e.geometry?.type === 'Polygon')
        .map((e, i) => (
          <polygon
            key={`p${i}`}
            points={coords(e.geometry)
              .map(([x, y]) => `${px(x!)},${py(y!)}`)
              .join(' ')}
            fill={COLOURS[e.kind] ?? '#999'}
            fillOpacity={0.3}
            stroke={same(e.geometry) ? '#000' : 'none'}
          >
            <title>{e.label}</title>
          </polygon>
        ))}
      {(flight.assessment?.legs ?? []).map((leg) => (
        <polyline
          key={`r${leg.seq}`}
          points={coords(leg.route as Geo)
            .map(([x, y]) => `${px(x!)},${py(y!)}`)
            .join(' ')}
          fill="none"
          stroke="#c0392b"
          strokeWidth={2}
          data-leg={leg.seq}
        />
      ))}
      {evidence
        .filter((e) => e.geometry?.type === 'Point')
        .map((e, i) => {
          const [x, y] = coords(e.geometry)[0]!
          return (
            <circle
              key={`e${i}`}
              cx={px(x!)}
              cy={py(y!)}
              r={same(e.geometry) ? 7 : 4}
              fill={COLOURS[e.kind] ?? '#999'}
              stroke={same(e.geometry) ? '#000' : '#fff'}
              data-kind={e.kind}
            >
              <title>{e.label}</title>
            </circle>
          )
        })}
      {flight.legs.flatMap((l) =>
        [l.from, l.to].map((p, i) => (
          <text key={`${l.seq}-${i}`} x={px(p.lon) + 6} y={py(p.lat) - 6} fontSize={11}>
            {p.ident ?? p.name}
          </text>
        )),
      )}
    </svg>
  )
}
