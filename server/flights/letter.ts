import PDFDocument from 'pdfkit'
import QRCode from 'qrcode'
import type { Flight } from '../../contract/flights.ts'
import type { Queryable } from '../db/index.ts'
import { WORDS } from '../monitoring/labels.ts'
import { BRAND, INK, LINE, M, MUTED, PAGE, pdfBuffer, textWriter } from '../monitoring/pdf.ts'
import { eat } from './requests.ts'

// The clearance letter: one A4 page (English or Kiswahili) with the number, validity, aircraft, legs, conditions, a
// route map drawn from the country outline, and a QR code to the public verification page.

type Lang = 'en' | 'sw'
const W: Record<string, Record<Lang, string>> = {
  title: { en: 'Humanitarian flight security clearance', sw: 'Kibali cha usalama cha safari ya ndege ya kibinadamu' },
  // The ministry's name is the scorecards' own: one spelling on every document.
  ministry: WORDS.ministry,
  number: { en: 'Clearance number', sw: 'Nambari ya kibali' },
  validity: { en: 'Valid', sw: 'Halali' },
  operator: { en: 'Operator', sw: 'Mwendeshaji' },
  aircraft: { en: 'Aircraft', sw: 'Ndege' },
  purpose: { en: 'Purpose', sw: 'Madhumuni' },
  legs: { en: 'Legs (East Africa Time)', sw: 'Safari (Saa za Afrika Mashariki)' },
  conditions: { en: 'Conditions', sw: 'Masharti' },
  none: { en: 'None.', sw: 'Hakuna.' },
  map: { en: 'Route', sw: 'Njia' },
  verify: {
    en: 'Scan to verify this clearance, or open:',
    sw: 'Changanua ili kuthibitisha kibali hiki, au fungua:',
  },
  issued: { en: 'Issued by', sw: 'Imetolewa na' },
  to: { en: 'to', sw: 'hadi' },
  pax: { en: 'passengers', sw: 'abiria' },
  cargo: { en: 'kg cargo', sw: 'kg mizigo' },
}

interface Outline {
  rings: number[][][]
}

async function outline(q: Queryable): Promise<Outline> {
  const r = await q.query<{ g: string }>(
    'SELECT ST_AsGeoJSON(ST_SimplifyPreserveTopology(geom, 0.02), 3) AS g FROM country_outline WHERE id = 1',
  )
  const g = r.rows[0] ? (JSON.parse(r.rows[0].g) as { type: string; coordinates: unknown }) : null
  if (!g) return { rings: [] }
  const polys = (g.type === 'Polygon' ? [g.coordinates] : g.coordinates) as number[][][][]
  return { rings: polys.flatMap((p) => p) }
}

export async function letterPdf(q: Queryable, f: Flight, verifyUrl: string, lang: Lang): Promise<Buffer> {
  const country = await outline(q)
  const qr = await QRCode.toBuffer(verifyUrl, { type: 'png', margin: 1, width: 240, errorCorrectionLevel: 'M' })
  const doc = new PDFDocument({
    autoFirstPage: false,
    size: 'A4',
    margin: 0,
    info: { Title: `${W.title![lang]} ${f.clearance_number}`, Author: 'Ramani', Creator: 'Ramani' },
  })
  const text = textWriter(doc)
  const width = PAGE.w - 2 * M
  return pdfBuffer(doc, () => {
    doc.addPage({ size: 'A4', margin: 0 })
    doc.rect(0, 0, PAGE.w, 64).fill(BRAND)
    text('RAMANI', M, 16, { font: 'Helvetica-Bold', size: 8, color: '#f0e442', characterSpacing: 2 })
    text(W.title![lang]!, M, 28, { font: 'Helvetica-Bold', size: 16, color: '#ffffff' })
    text(W.ministry![lang]!, M, 48, { size: 7.5, color: '#cfe3da' })

    let y = 80
    text(W.number![lang]!.toUpperCase(), M, y, { font: 'Helvetica-Bold', size: 8, color: MUTED })
    text(f.clearance_number ?? '', M, y + 11, { font: 'Helvetica-Bold', size: 20 })
    text(W.validity![lang]!.toUpperCase(), M + 300, y, { font: 'Helvetica-Bold', size: 8, color: MUTED })
    text(`${eat(f.valid_from!)}`, M + 300, y + 12, { size: 10 })
    text(`${W.to![lang]} ${eat(f.valid_to!)}`, M + 300, y + 25, { size: 10 })
    y += 50
    doc
      .moveTo(M, y)
      .lineTo(PAGE.w - M, y)
      .stroke(LINE)
    y += 10
    const row = (label: string, value: string) => {
      text(label, M, y, { font: 'Helvetica-Bold', size: 9, color: MUTED })
      text(value, M + 90, y, { size: 10, width: width - 90 })
      y += 16
    }
    row(W.operator![lang]!, `${f.organisation} (${f.contact_name}${f.contact_phone ? `, ${f.contact_phone}` : ''})`)
    row(W.aircraft![lang]!, `${f.aircraft_registration}, ${f.aircraft_type}`)
    row(
      W.purpose![lang]!,
      `${f.purpose.slice(0, 120)} (${f.passengers} ${W.pax![lang]}, ${f.cargo_kg} ${W.cargo![lang]})`,
    )
    y += 6
    text(W.legs![lang]!, M, y, { font: 'Helvetica-Bold', size: 11 })
    y += 16
    for (const l of f.legs) {
      const from = l.from.ident
        ? `${l.from.name} (${l.from.ident})`
        : `${l.from.name} ${l.from.lat.toFixed(4)}, ${l.from.lon.toFixed(4)}`
      const to = l.to.ident
        ? `${l.to.name} (${l.to.ident})`
        : `${l.to.name} ${l.to.lat.toFixed(4)}, ${l.to.lon.toFixed(4)}`
      text(`${l.seq}.  ${from}  ->  ${to}`, M, y, { size: 9.5, font: 'Helvetica-Bold' })
      text(`${l.departs_eat}  ->  ${l.arrives_eat}`, M + 14, y + 12, { size: 9 })
      y += 28
    }
    y += 4
    text(W.conditions![lang]!, M, y, { font: 'Helvetica-Bold', size: 11 })
    y += 16
    const conditions = f.conditions.length ? f.conditions : [W.none![lang]!]
    conditions.forEach((cnd, i) => {
      text(`${f.conditions.length ? `${i + 1}. ` : ''}${cnd}`, M, y, { size: 9.5, width })
      y += doc.heightOfString(cnd, { width }) + 4
    })

    // Route map: the country outline and the legs, equirectangular (Kenya spans ±5° of the equator).
    const mapTop = Math.max(y + 14, 440)
    const box = { x: M, y: mapTop + 14, w: 300, h: 300 }
    text(W.map![lang]!, M, mapTop, { font: 'Helvetica-Bold', size: 11 })
    doc.rect(box.x, box.y, box.w, box.h).stroke(LINE)
    const lons = [33.5, 42.0, ...f.legs.flatMap((l) => [l.from.lon, l.to.lon])]
    const lats = [-4.8, 5.1, ...f.legs.flatMap((l) => [l.from.lat, l.to.lat])]
    const [x0, x1, y0, y1] = [Math.min(...lons), Math.max(...lons), Math.min(...lats), Math.max(...lats)]
    const scale = Math.min((box.w - 20) / (x1 - x0), (box.h - 20) / (y1 - y0))
    const px = (lon: number) => box.x + 10 + (lon - x0) * scale
    const py = (lat: number) => box.y + box.h - 10 - (lat - y0) * scale
    for (const ring of country.rings) {
      ring.forEach(([lon, lat], i) => (i === 0 ? doc.moveTo(px(lon!), py(lat!)) : doc.lineTo(px(lon!), py(lat!))))
      doc.closePath().fillAndStroke('#eef3ef', '#8aa39a')
    }
    for (const l of f.legs) {
      doc.moveTo(px(l.from.lon), py(l.from.lat)).lineTo(px(l.to.lon), py(l.to.lat)).lineWidth(2).stroke('#c0392b')
      doc.lineWidth(1)
    }
    const seen = new Set<string>()
    for (const l of f.legs)
      for (const e of [l.from, l.to]) {
        const key = `${e.lon},${e.lat}`
        if (seen.has(key)) continue
        seen.add(key)
        doc.circle(px(e.lon), py(e.lat), 3.5).fill(INK)
        text(e.ident ?? e.name, px(e.lon) + 5, py(e.lat) - 4, { size: 7.5 })
      }

    // QR code to the verification page.
    const qx = box.x + box.w + 30
    doc.image(qr, qx, box.y, { width: 160, height: 160 })
    text(W.verify![lang]!, qx, box.y + 168, { size: 8, color: MUTED, width: PAGE.w - M - qx })
    text(verifyUrl, qx, box.y + 190, { size: 7.5, width: PAGE.w - M - qx })
    text(`${W.issued![lang]}: ${f.reviewer ?? ''}`, M, PAGE.h - 40, { size: 8, color: MUTED })
  })
}
