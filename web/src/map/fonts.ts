// The glyph fonts the app serves itself (no glyph server, no internet), and the halo every map label wears.

export const FONT = ['Noto Sans Regular']
export const FONT_BOLD = ['Noto Sans Bold']
export const FONT_ITALIC = ['Noto Sans Italic']
export const HALO = { 'text-halo-color': 'rgba(255,255,255,0.9)', 'text-halo-width': 1.4 }
