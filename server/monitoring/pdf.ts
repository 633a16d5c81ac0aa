import PDFDocument from 'pdfkit'
import type { Light } from '../../contract/scorecards.ts'
import { INDICATOR_LABELS, THEME_LABELS, WORDS, regionName, type Lang } from './labels.ts'
import { printed } from './render.ts'
import type { CountyScorecard, Scorecards } from './scorecards.ts'

// Printable scorecards: one A4 page per county (pdfkit, the PDF standard fonts, no files needed). Layout is absolute
// (no flowing text), so a page never spills onto a second one.

export const PAGE = { w: 595.28, h: 841.89 }
export const M = 40
/** Top of the footer (rules, sources, sample note). */
const FOOTER = PAGE.h - 130
export const INK = '#1d2327'
export const MUTED = '#5f6b73'
export const LINE = '#d7dde1'
export const BRAND = '#0b3d2e'
/** Chip colours: fill, text. Each chip also carries its words, so colour is never the only signal. */
const CHIP: Record<Light, [string, string]> = {
  green: ['#d4efdc', '#0d5a2a'],
  amber: ['#fde9b8', '#6b4700'],
  red: ['#f8d3cf', '#8a1c12'],
  na: ['#eceff1', '#4a555c'],
}
const DOT: Record<Light, string> = { green: '#1a8a3d', amber: '#d99100', red: '#c0392b', na: '#9aa5ab' }

/** Quarter bounds and the generation time are shown in East Africa Time, where the quarters are computed. */
const fmtDate = (iso: string, lang: Lang, time = false) =>
  new Intl.DateTimeFormat(lang === 'sw' ? 'sw-KE' : 'en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'Africa/Nairobi',
    ...(time ? { hour: '2-digit', minute: '2-digit', hour12: false } : {}),
  }).format(new Date(iso))

export type TextOptions = PDFKit.Mixins.TextOptions & { font?: string; size?: number; color?: string }

/** Absolute text: one line unless a width is given (then it wraps within it). */
export const textWriter =
  (doc: PDFKit.PDFDocument) =>
  (str: string, x: number, y: number, o: TextOptions = {}) => {
    const { font = 'Helvetica', size = 9, color = INK, ...opts } = o
    doc
      .font(font)
      .fontSize(size)
      .fillColor(color)
      .text(str, x, y, { lineBreak: opts.width !== undefined, ...opts })
  }

/** Draws a document and collects its bytes. */
export function pdfBuffer(doc: PDFKit.PDFDocument, draw: () => void): Promise<Buffer> {
  const chunks: Buffer[] = []
  doc.on('data', (b: Buffer) => chunks.push(b))
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
  })
  draw()
  doc.end()
  return done
}

function page(doc: PDFKit.PDFDocument, s: Scorecards, c: CountyScorecard, lang: Lang, index: number, total: number) {
  doc.addPage({ size: 'A4', margin: 0 })
  const W = PAGE.w - 2 * M
  const text = textWriter(doc)

  // Header band.
  doc.rect(0, 0, PAGE.w, 64).fill(BRAND)
  text('RAMANI', M, 16, { font: 'Helvetica-Bold', size: 8, color: '#f0e442', characterSpacing: 2 })
  text(WORDS.title[lang], M, 28, { font: 'Helvetica-Bold', size: 17, color: '#ffffff' })
  text(WORDS.ministry[lang], M, 48, { size: 7.5, color: '#cfe3da' })

  // County, region, quarter; ranking box on the right.
  let y = 82
  text(c.name, M, y, { font: 'Helvetica-Bold', size: 24 })
  y += 30
  text(`${WORDS.county[lang]} ${c.code}  |  ${WORDS.region[lang]}: ${regionName(c.region_code, lang)}`, M, y, {
    size: 10,
    color: MUTED,
  })
  y += 15
  const period = `${fmtDate(s.period.start, lang)} - ${fmtDate(s.period.end, lang)}`
  text(
    `${WORDS.quarter[lang]}: ${s.quarter.replace('Q', ' Q')}  (${period})${s.complete ? '' : `  -  ${WORDS.inProgress[lang]}`}`,
    M,
    y,
    { font: 'Helvetica-Bold', size: 10 },
  )

  const bx = PAGE.w - M - 150
  doc.roundedRect(bx, 80, 150, 58, 6).fillAndStroke('#f4f7f5', LINE)
  text(WORDS.rank[lang].toUpperCase(), bx + 12, 88, {
    font: 'Helvetica-Bold',
    size: 7.5,
    color: MUTED,
    characterSpacing: 1,
  })
  text(`${c.rank}`, bx + 12, 99, { font: 'Helvetica-Bold', size: 24, color: BRAND })
  const rankW = doc.font('Helvetica-Bold').fontSize(24).widthOfString(`${c.rank}`)
  text(`${WORDS.rankOf[lang]} ${s.rankOf}`, bx + 16 + rankW, 110, { size: 10, color: MUTED })
  text(`${WORDS.score[lang]} ${c.score.toFixed(1)} / 100`, bx + 12, 125, { size: 8, color: MUTED })

  // Version banner.
  y = 150
  const banner = s.public ? WORDS.publicVersion[lang] : WORDS.internalVersion[lang]
  doc.rect(M, y, W, 18).fill(s.public ? '#e7f1f6' : '#fdecea')
  text(banner, M + 8, y + 5, { font: 'Helvetica-Bold', size: 8, color: s.public ? '#0b4f6c' : '#8a1c12' })

  // Indicator table: row heights follow the longest cell (Kiswahili names wrap).
  y = 180
  const cols = [
    { title: WORDS.indicator[lang], w: 168 },
    { title: WORDS.target[lang], w: 104 },
    { title: WORDS.value[lang], w: 80 },
    { title: WORDS.change[lang], w: 62 },
    { title: WORDS.status[lang], w: W - 168 - 104 - 80 - 62 },
  ]
  const colX = cols.map((_, i) => M + cols.slice(0, i).reduce((a, c) => a + c.w, 0))
  const height = (str: string, font: string, size: number, width: number) =>
    doc.font(font).fontSize(size).heightOfString(str, { width })
  const headH = Math.max(...cols.map((col) => height(col.title, 'Helvetica-Bold', 8, col.w - 10))) + 12
  doc.rect(M, y, W, headH).fill('#eef3f1')
  cols.forEach((col, i) =>
    text(col.title, colX[i]! + 6, y + 6, { font: 'Helvetica-Bold', size: 8, color: BRAND, width: col.w - 10 }),
  )
  y += headH
  let anySample = false
  for (const r of c.indicators) {
    const p = printed(r, lang)
    anySample ||= p.sample
    const name = `${p.name}${p.sample ? ' *' : ''}`
    const note = INDICATOR_LABELS[r.id][lang].note
    const nameH = height(name, 'Helvetica-Bold', 9.5, cols[0]!.w - 10)
    const noteH = height(note, 'Helvetica', 7, cols[0]!.w - 10)
    const valueH = height(p.value, 'Helvetica-Bold', 10.5, cols[2]!.w - 8)
    const detailH = p.detail ? height(p.detail, 'Helvetica', 7.5, cols[2]!.w - 8) : 0
    const rowH = Math.max(
      38,
      6 + nameH + 2 + noteH + 6,
      8 + valueH + 2 + detailH + 7,
      8 + height(p.target, 'Helvetica', 8.5, cols[1]!.w - 10) + 7,
      8 + height(p.change, 'Helvetica', 9, cols[3]!.w - 8) + 7,
    )
    text(name, colX[0]! + 6, y + 7, { font: 'Helvetica-Bold', size: 9.5, width: cols[0]!.w - 10 })
    text(note, colX[0]! + 6, y + 9 + nameH, { size: 7, color: MUTED, width: cols[0]!.w - 10 })
    text(p.target, colX[1]! + 6, y + 8, { size: 8.5, width: cols[1]!.w - 10 })
    text(p.value, colX[2]! + 6, y + 7, { font: 'Helvetica-Bold', size: 10.5, width: cols[2]!.w - 8 })
    if (p.detail) text(p.detail, colX[2]! + 6, y + 9 + valueH, { size: 7.5, color: MUTED, width: cols[2]!.w - 8 })
    text(p.change, colX[3]! + 6, y + 8, { size: 9, width: cols[3]!.w - 8 })
    const [fill, ink] = CHIP[r.status]
    const chipW = cols[4]!.w - 10
    doc.roundedRect(colX[4]! + 5, y + 8, chipW, 20, 10).fill(fill)
    doc.circle(colX[4]! + 15, y + 18, 4).fill(DOT[r.status])
    text(p.status, colX[4]! + 23, y + 14.5, {
      font: 'Helvetica-Bold',
      size: 7.5,
      color: ink,
      width: chipW - 20,
      lineBreak: false,
    })
    doc
      .moveTo(M, y + rowH)
      .lineTo(M + W, y + rowH)
      .lineWidth(0.5)
      .stroke(LINE)
    y += rowH
  }

  // Incidents by theme (internal version only), in two columns so all ten themes fit.
  const inc = c.indicators.find((r) => r.id === 'incidents')
  if (inc) {
    y += 14
    text(WORDS.byTheme[lang], M, y, { font: 'Helvetica-Bold', size: 11, color: BRAND })
    y += 16
    const themes = (inc.byTheme ?? [])
      .filter((t) => t.n + t.previous > 0)
      .sort((a, b) => b.n - a.n || b.previous - a.previous)
    if (themes.length === 0) {
      text(WORDS.none[lang], M, y, { size: 9, color: MUTED })
    } else {
      const half = (W - 16) / 2
      const tw = [half - 108, 36, 36, 36]
      const rows = Math.ceil(themes.length / 2)
      // Only as many rows as fit above the footer; the rest are named as a count.
      const room = Math.max(1, Math.floor((FOOTER - 8 - y - 16) / 14))
      const shownRows = Math.min(rows, room)
      for (const side of [0, 1]) {
        const x0 = M + side * (half + 16)
        doc.rect(x0, y, half, 16).fill('#eef3f1')
        ;[WORDS.theme[lang], s.quarter, s.previousQuarter, '+/-'].forEach((h, i) => {
          text(h, x0 + 5 + tw.slice(0, i).reduce((a, b) => a + b, 0), y + 4.5, {
            font: 'Helvetica-Bold',
            size: 7.5,
            color: BRAND,
            width: tw[i]! - 6,
            align: i ? 'right' : 'left',
            lineBreak: false,
          })
        })
      }
      y += 16
      themes.slice(0, shownRows * 2).forEach((t, i) => {
        const side = i < shownRows ? 0 : 1
        const row = i % shownRows
        const x0 = M + side * (half + 16)
        const ry = y + row * 14
        const d = t.n - t.previous
        const cells = [
          THEME_LABELS[t.theme as keyof typeof THEME_LABELS]?.[lang] ?? t.theme,
          String(t.n),
          String(t.previous),
          `${d > 0 ? '+' : d < 0 ? '-' : ''}${Math.abs(d)}`,
        ]
        cells.forEach((cell, k) =>
          text(cell, x0 + 5 + tw.slice(0, k).reduce((a, b) => a + b, 0), ry + 3.5, {
            font: k === 1 ? 'Helvetica-Bold' : 'Helvetica',
            size: 8,
            color: k === 2 ? MUTED : INK,
            width: tw[k]! - 6,
            align: k ? 'right' : 'left',
            height: 10,
            ellipsis: true,
          }),
        )
        doc
          .moveTo(x0, ry + 14)
          .lineTo(x0 + half, ry + 14)
          .lineWidth(0.3)
          .stroke(LINE)
      })
      y += shownRows * 14
      if (shownRows * 2 < themes.length)
        text(`+ ${themes.length - shownRows * 2} ${WORDS.moreThemes[lang]}`, M + 5, y + 4, { size: 8, color: MUTED })
    }
  }

  // Footer: rules, sources, sample note, generated date, page number.
  const fy = FOOTER
  doc
    .moveTo(M, fy)
    .lineTo(M + W, fy)
    .lineWidth(0.8)
    .stroke(BRAND)
  text(WORDS.rules[lang], M, fy + 7, { size: 6.8, color: MUTED, width: W })
  text(WORDS.sourceNote[lang], M, fy + 34, { size: 6.8, color: MUTED, width: W })
  const sampleRecords = c.indicators.reduce((a, r) => a + r.sampleRecords, 0)
  const records = c.indicators.reduce((a, r) => a + r.records, 0)
  if (anySample) {
    doc.rect(M, fy + 62, W, 26).fill('#fff4d6')
    text(
      `${WORDS.sampleNote[lang]} (${sampleRecords} ${WORDS.sampleRecords[lang]} / ${records} ${WORDS.records[lang]}).`,
      M + 8,
      fy + 67,
      { font: 'Helvetica-Bold', size: 7.5, color: '#7a5300', width: W - 16 },
    )
  } else {
    text(WORDS.noSample[lang], M, fy + 67, { size: 7.5, color: MUTED, width: W })
  }
  text(`${WORDS.generated[lang]}: ${fmtDate(s.generatedAt, lang, true)} EAT`, M, PAGE.h - 30, {
    size: 7.5,
    color: MUTED,
  })
  text(`${WORDS.page[lang]} ${index} / ${total}`, M, PAGE.h - 30, { size: 7.5, color: MUTED, width: W, align: 'right' })
}

/** The PDF of the given scorecards: one page per county, in the order given. */
export function scorecardsPdf(s: Scorecards, lang: Lang): Promise<Buffer> {
  const title =
    s.counties.length === 1
      ? `${WORDS.title[lang]}: ${s.counties[0]!.name}, ${s.quarter}`
      : `${WORDS.titlePlural[lang]}, ${s.quarter}`
  const doc = new PDFDocument({
    autoFirstPage: false,
    size: 'A4',
    margin: 0,
    info: {
      Title: title,
      Author: 'Ramani',
      Subject: s.public ? 'public version' : 'internal version',
      Creator: 'Ramani',
    },
  })
  return pdfBuffer(doc, () => s.counties.forEach((c, i) => page(doc, s, c, lang, i + 1, s.counties.length)))
}
