import { Suspense, lazy, useCallback, useEffect, useMemo, useState, type FormEvent } from 'react'
import { COUNTY_TABLE } from '../../../contract/counties.ts'
import { INCIDENT_THEMES } from '../../../contract/domains.ts'
import { useCountyPlaces } from '../api/reports.ts'
import { useI18n } from '../i18n/index.tsx'
import { preparePhoto } from '../offline/photos.ts'
import { LanguageSwitch } from '../shell/LanguageSwitch.tsx'
import { flushOutbox, listOutbox, putOutbox, refreshStatus, type OutboxItem, type OutboxPhoto } from './outbox.ts'
import type { MapPoint } from './map-points.ts'
import './reports.css'

const ReportMap = lazy(() => import('./ReportMap.tsx'))

// The public report form (no sign-in), phone first: what, when, where (the device's GPS, a pin on the map, or county →
// a gazetteer place of it → a name), a description, photos and an optional phone number with consent. The reference
// data has no sub-counties (the GeoNames extract carries no admin2), so the step below the county is the county's
// gazetteer places. Reports are queued on the device and sent when online; each gets a
// reference code shown below with its status. Every text is rendered as text by React, never as HTML.

const localNow = () => {
  const d = new Date()
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16)
}

export function ReportForm() {
  const { t, v, lang } = useI18n()
  const [theme, setTheme] = useState<string>('')
  const [when, setWhen] = useState(localNow)
  const [county, setCounty] = useState('')
  const [placeName, setPlaceName] = useState('')
  const [position, setPosition] = useState<{ lon: number; lat: number; precision: 'gps' | 'pin' } | null>(null)
  const [placeId, setPlaceId] = useState('')
  const [description, setDescription] = useState('')
  const [phone, setPhone] = useState('')
  const [consent, setConsent] = useState(false)
  const [photos, setPhotos] = useState<OutboxPhoto[]>([])
  const [mine, setMine] = useState<OutboxItem[]>([])
  const [message, setMessage] = useState<string | null>(null)
  const [online, setOnline] = useState(navigator.onLine)

  const reload = useCallback(async () => setMine(await listOutbox()), [])
  const flush = useCallback(async () => {
    await flushOutbox()
    const items = await listOutbox()
    setMine(await Promise.all(items.map((i) => (i.state === 'sent' ? refreshStatus(i) : i))))
  }, [])
  useEffect(() => {
    void reload().then(() => (navigator.onLine ? flush() : undefined))
    const on = () => {
      setOnline(true)
      void flush()
    }
    const off = () => setOnline(false)
    window.addEventListener('online', on)
    window.addEventListener('offline', off)
    return () => {
      window.removeEventListener('online', on)
      window.removeEventListener('offline', off)
    }
  }, [reload, flush])

  // The county's gazetteer places (cached by the service worker for offline use once seen).
  const placesAnswer = useCountyPlaces(county).data
  const places = useMemo(() => placesAnswer?.places ?? [], [placesAnswer])
  useEffect(() => setPlaceId(''), [county])
  const placePoints = useMemo<MapPoint[]>(
    () => places.map((p) => ({ id: `place-${p.id}`, lon: p.lon, lat: p.lat, kind: 'place', label: p.name })),
    [places],
  )

  const locate = () =>
    navigator.geolocation?.getCurrentPosition(
      (p) => setPosition({ lon: p.coords.longitude, lat: p.coords.latitude, precision: 'gps' }),
      () => setMessage(t('report.noGps')),
      { enableHighAccuracy: true, timeout: 15_000 },
    )

  const addPhotos = async (files: FileList | null) => {
    const added: OutboxPhoto[] = []
    for (const f of Array.from(files ?? []).slice(0, 6 - photos.length)) {
      const p = await preparePhoto(f)
      added.push({ name: p.name, type: p.type, bytes: p.bytes })
    }
    setPhotos((ps) => [...ps, ...added])
  }

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setMessage(null)
    if (!position && !county) return setMessage(t('report.needWhere'))
    const chosen = places.find((p) => String(p.id) === placeId)
    const report: Record<string, unknown> = {
      theme,
      occurred_at: new Date(when).toISOString(),
      description,
      language: lang,
      ...(position ? position : chosen ? { place_id: chosen.id } : { county }),
      ...(placeName.trim() ? { place_name: placeName.trim() } : {}),
      ...(phone.trim() ? { phone: phone.trim(), contact_consent: consent } : {}),
    }
    await putOutbox({ id: crypto.randomUUID(), created: new Date().toISOString(), report, photos, state: 'queued' })
    setDescription('')
    setPhotos([])
    setMessage(navigator.onLine ? t('report.sending') : t('report.queuedOffline'))
    await reload()
    if (navigator.onLine) await flush()
  }

  return (
    <main className="report-page">
      <header className="report-head">
        <h1>{t('report.title')}</h1>
        <LanguageSwitch />
      </header>
      <p className="muted">{t('report.lead')}</p>
      {!online && (
        <p className="report-offline" role="status">
          {t('report.offline')}
        </p>
      )}
      <form onSubmit={(e) => void submit(e)} className="report-form">
        <label>
          {t('report.what')}
          <select required value={theme} onChange={(e) => setTheme(e.target.value)} name="theme">
            <option value="">—</option>
            {INCIDENT_THEMES.map((th) => (
              <option key={th} value={th}>
                {v(th)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('report.when')}
          <input
            type="datetime-local"
            required
            value={when}
            max={localNow()}
            onChange={(e) => setWhen(e.target.value)}
          />
        </label>
        <fieldset>
          <legend>{t('report.where')}</legend>
          <button type="button" onClick={locate}>
            {t('report.useGps')}
          </button>
          <p className="muted">{t('report.pinHelp')}</p>
          <Suspense fallback={<div className="report-map" />}>
            <ReportMap
              pin={position}
              onPin={(p) => setPosition({ ...p, precision: 'pin' })}
              points={placePoints}
              label="report.map"
            />
          </Suspense>
          {position && (
            <span className="muted" data-testid="report-position">
              {t(position.precision === 'gps' ? 'report.byGps' : 'report.byPin')}: {position.lat.toFixed(4)},{' '}
              {position.lon.toFixed(4)}{' '}
              <button type="button" onClick={() => setPosition(null)}>
                {t('report.clearPin')}
              </button>
            </span>
          )}
          <label>
            {t('report.county')}
            <select value={county} onChange={(e) => setCounty(e.target.value)} name="county">
              <option value="">—</option>
              {[...COUNTY_TABLE]
                .sort((a, b) => a.name.localeCompare(b.name))
                .map((c) => (
                  <option key={c.code} value={c.code}>
                    {c.name}
                  </option>
                ))}
            </select>
          </label>
          {places.length > 0 && (
            <label>
              {t('report.gazetteerPlace')}
              <select value={placeId} onChange={(e) => setPlaceId(e.target.value)} name="place_id">
                <option value="">—</option>
                {places.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name}
                  </option>
                ))}
              </select>
            </label>
          )}
          <label>
            {t('report.place')}
            <input value={placeName} maxLength={200} onChange={(e) => setPlaceName(e.target.value)} name="place" />
          </label>
        </fieldset>
        <label>
          {t('report.description')}
          <textarea
            required
            minLength={3}
            maxLength={2000}
            rows={4}
            value={description}
            onChange={(e) => setDescription(e.target.value)}
            name="description"
          />
        </label>
        <label>
          {t('report.photos')}
          <input type="file" accept="image/*" multiple onChange={(e) => void addPhotos(e.target.files)} name="photo" />
        </label>
        {photos.length > 0 && <p className="muted">{`${photos.length} 📷`}</p>}
        <label>
          {t('report.phone')}
          <input type="tel" value={phone} maxLength={20} onChange={(e) => setPhone(e.target.value)} name="phone" />
        </label>
        {phone.trim() && (
          <label className="report-consent">
            <input type="checkbox" checked={consent} required onChange={(e) => setConsent(e.target.checked)} />
            {t('report.consent')}
          </label>
        )}
        <p className="muted">{t('report.anonymous')}</p>
        <button type="submit" className="primary">
          {t('report.submit')}
        </button>
      </form>
      {message && <p role="status">{message}</p>}
      {mine.length > 0 && (
        <section className="report-mine">
          <h2>{t('report.mine')}</h2>
          <ul>
            {mine.map((i) => (
              <li key={i.id} data-testid="my-report">
                <span>{v(String(i.report.theme))}</span>{' '}
                {i.reference ? (
                  <strong data-testid="reference">{i.reference}</strong>
                ) : (
                  <em>{i.state === 'rejected' ? i.error : t('report.waiting')}</em>
                )}{' '}
                {i.status && <span data-testid="report-status">{t(`report.status.${i.status}`)}</span>}
              </li>
            ))}
          </ul>
          <button type="button" onClick={() => void flush()}>
            {t('report.refresh')}
          </button>
        </section>
      )}
    </main>
  )
}
