/** Processing parameters (degrees). Changing any of them changes the output: note it in data/README.md. */
export const PARAMS = {
  /** ST_CoverageClean: gaps between counties narrower than this are filled. */
  gapWidth: 0.001,
  /** Detached county parts smaller than this (km²) that share a border with another county are given to it. */
  fragmentKm2: 1,
  /** ST_CoverageSimplify tolerance (topology-preserving, shared borders stay shared). ~55 m. */
  simplify: 0.0005,
  /** Grid for polygon coordinates (5 decimals ~ 1 m). */
  polygonGrid: 0.00001,
  /** Margin around the outline for the point checks (warnings only). */
  outlineMargin: 0.05,
}
