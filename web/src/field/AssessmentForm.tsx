import { useEffect, useRef, useState } from 'react'
import * as D from '../../../contract/domains.ts'
import { newKey, type Feature, type User } from '../api/client.ts'
import { useI18n } from '../i18n/index.tsx'
import type { CollectionId } from '../map/layers.ts'
import { MAX_PHOTOS } from '../../../contract/photos.ts'
import { preparePhoto } from '../offline/photos.ts'
import { enqueue, type QueuedPhoto } from '../offline/queue.ts'
import { sync } from '../offline/sync.ts'
import { STATUS_DOMAIN, editableFields } from '../state/rights.ts'
import '../offline/field.css'

// The field assessment form: condition (for roads, passability), status, notes, the time observed, the device's
// position and accuracy, and up to six photos resized on the device with their EXIF time and place. It always goes
// through the offline queue, so it works the same with or without a connection and is never sent twice.

/** Who may assess what: whoever may change the asset's condition (the server applies the same rule). */
export const canAssess = (user: User, c: CollectionId) => editableFields(user, c).includes('condition')

interface Props {
  user: User
  feature: Feature
  collection: CollectionId
}

interface Fix {
  lon: number
  lat: number
  accuracy: number
}

/** "2026-03-14T09:26" in the device's time zone, for a datetime-local input. */
function localInput(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`
}

export function AssessmentForm({ user, feature, collection }: Props) {
  const { t, v, date, num } = useI18n()
  const props = feature.properties
  const [condition, setCondition] = useState<string>('')
  const [status, setStatus] = useState<string>('')
  const [notes, setNotes] = useState('')
  const [observed, setObserved] = useState(() => localInput(new Date()))
  const [fix, setFix] = useState<Fix | null>(null)
  const [locating, setLocating] = useState(false)
  const [locateFailed, setLocateFailed] = useState(false)
  const [photos, setPhotos] = useState<QueuedPhoto[]>([])
  const [preparing, setPreparing] = useState(false)
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null)
  const [busy, setBusy] = useState(false)
  const fileInput = useRef<HTMLInputElement>(null)
  const thumbs = useRef(new Map<ArrayBuffer, string>())

  function locate() {
    if (!('geolocation' in navigator)) return setLocateFailed(true)
    setLocating(true)
    setLocateFailed(false)
    navigator.geolocation.getCurrentPosition(
      (p) => {
        setFix({ lon: p.coords.longitude, lat: p.coords.latitude, accuracy: p.coords.accuracy })
        setLocating(false)
      },
      () => {
        setLocating(false)
        setLocateFailed(true)
      },
      { enableHighAccuracy: true, timeout: 20_000, maximumAge: 60_000 },
    )
  }
  // The position is taken when the form opens if the user has already allowed it; otherwise on the button.
  useEffect(() => {
    navigator.permissions?.query({ name: 'geolocation' }).then(
      (s) => s.state === 'granted' && locate(),
      () => undefined,
    )
  }, [])
  useEffect(() => () => thumbs.current.forEach((url) => URL.revokeObjectURL(url)), [])

  const thumb = (p: QueuedPhoto) => {
    let url = thumbs.current.get(p.bytes)
    if (!url) thumbs.current.set(p.bytes, (url = URL.createObjectURL(new Blob([p.bytes], { type: p.type }))))
    return url
  }

  async function addPhotos(files: FileList | null) {
    if (!files?.length) return
    setMessage(null)
    const room = MAX_PHOTOS - photos.length
    if (files.length > room) setMessage({ kind: 'error', text: t('assess.photoLimit') })
    setPreparing(true)
    const added: QueuedPhoto[] = []
    for (const f of [...files].slice(0, Math.max(0, room))) {
      try {
        added.push(await preparePhoto(f))
      } catch {
        setMessage({ kind: 'error', text: `${t('assess.photoFailed')} (${f.name})` })
      }
    }
    setPhotos((prev) => [...prev, ...added].slice(0, MAX_PHOTOS))
    setPreparing(false)
    if (fileInput.current) fileInput.current.value = ''
  }

  // Without a device position, the first photo's GPS stands in (its accuracy unknown).
  const photoFix = photos.find((p) => p.lon !== undefined && p.lat !== undefined)
  const position = fix
    ? { lon: fix.lon, lat: fix.lat }
    : photoFix
      ? { lon: photoFix.lon!, lat: photoFix.lat! }
      : undefined

  async function save() {
    if (!condition && !status && !notes.trim() && photos.length === 0)
      return setMessage({ kind: 'error', text: t('assess.empty') })
    setBusy(true)
    try {
      await enqueue({
        kind: 'assessment',
        id: newKey(),
        username: user.username,
        collection,
        assetId: Number(feature.id),
        assetName: String(props.name ?? feature.id),
        assessment: {
          ...(condition ? { condition } : {}),
          ...(status ? { status } : {}),
          ...(notes.trim() ? { notes: notes.trim() } : {}),
          observed_at: new Date(observed).toISOString(),
          ...(position ? { position: { lon: round(position.lon), lat: round(position.lat) } } : {}),
          ...(fix ? { accuracy_m: Math.round(fix.accuracy * 10) / 10 } : {}),
          base_version: Number(props.version),
        },
        photos,
      })
      setMessage({ kind: 'ok', text: t('assess.saved') })
      setCondition('')
      setStatus('')
      setNotes('')
      setPhotos([])
      void sync.run()
    } catch (e) {
      setMessage({ kind: 'error', text: e instanceof Error ? e.message : String(e) })
    } finally {
      setBusy(false)
    }
  }

  const statuses = STATUS_DOMAIN[collection] ?? []
  return (
    <form
      className="edit assess"
      data-testid="assessment-form"
      onSubmit={(e) => {
        e.preventDefault()
        void save()
      }}
    >
      <label className="filter">
        <span>{t(collection === 'roads' ? 'assess.conditionRoad' : 'assess.condition')}</span>
        <select value={condition} onChange={(e) => setCondition(e.target.value)} data-field="condition">
          <option value="">
            {t('assess.unchanged')} ({v(props.condition ?? '—')})
          </option>
          {D.CONDITIONS.map((o) => (
            <option key={o} value={o}>
              {v(o)}
            </option>
          ))}
        </select>
      </label>
      {statuses.length > 0 && (
        <label className="filter">
          <span>{t(collection === 'roads' ? 'assess.status' : 'assess.statusOperational')}</span>
          <select value={status} onChange={(e) => setStatus(e.target.value)} data-field="status">
            <option value="">
              {t('assess.unchanged')} ({v(props.status ?? '—')})
            </option>
            {statuses.map((o) => (
              <option key={o} value={o}>
                {v(o)}
              </option>
            ))}
          </select>
        </label>
      )}
      <label className="filter">
        <span>{t('assess.notes')}</span>
        <textarea
          value={notes}
          onChange={(e) => setNotes(e.target.value)}
          rows={3}
          maxLength={2000}
          data-field="notes"
        />
      </label>
      <label className="filter">
        <span>{t('assess.observedAt')}</span>
        <input
          type="datetime-local"
          value={observed}
          onChange={(e) => setObserved(e.target.value)}
          max={localInput(new Date(Date.now() + 5 * 60_000))}
          required
        />
      </label>
      <div className="filter">
        <span>{t('assess.position')}</span>
        <div className="position-row">
          <span data-testid="assess-position">
            {fix
              ? `${fix.lat.toFixed(5)}, ${fix.lon.toFixed(5)} · ${t('assess.accuracy')} ±${num(fix.accuracy)} m`
              : position
                ? `${position.lat.toFixed(5)}, ${position.lon.toFixed(5)} (${t('assess.fromPhoto')})`
                : locating
                  ? t('assess.locating')
                  : locateFailed
                    ? t('assess.positionFailed')
                    : t('assess.noPosition')}
          </span>
          <button type="button" onClick={locate} disabled={locating}>
            {t('assess.locate')}
          </button>
        </div>
      </div>
      <div className="filter">
        <span>
          {t('assess.photos')} ({photos.length}/{MAX_PHOTOS})
        </span>
        {photos.length > 0 && (
          <ul className="photo-list" data-testid="assess-photos">
            {photos.map((p, i) => (
              <li key={i}>
                <img src={thumb(p)} alt="" width={64} height={48} />
                <span className="small">
                  {p.width}×{p.height}
                  <br />
                  {p.takenAt || p.lat !== undefined
                    ? `${p.takenAt ? `${t('assess.taken')} ${date(p.takenAt)}` : ''}${p.lat !== undefined ? ` · ${p.lat.toFixed(4)}, ${p.lon!.toFixed(4)}` : ''}`
                    : t('assess.noExif')}
                </span>
                <button type="button" onClick={() => setPhotos(photos.filter((_, j) => j !== i))}>
                  {t('assess.remove')}
                </button>
              </li>
            ))}
          </ul>
        )}
        <input
          ref={fileInput}
          type="file"
          accept="image/jpeg,image/png,image/webp,image/*"
          capture="environment"
          multiple
          disabled={photos.length >= MAX_PHOTOS || preparing}
          onChange={(e) => void addPhotos(e.target.files)}
          aria-label={t('assess.addPhotos')}
          data-testid="assess-photo-input"
        />
        {preparing && <span className="small">{t('assess.preparing')}</span>}
      </div>
      {message && (
        <p
          className={message.kind === 'error' ? 'error' : 'ok'}
          role={message.kind === 'error' ? 'alert' : 'status'}
          data-testid="assess-message"
        >
          {message.text}
        </p>
      )}
      <button type="submit" className="primary" disabled={busy || preparing}>
        {t('assess.save')}
      </button>
    </form>
  )
}

const round = (x: number) => Math.round(x * 1e7) / 1e7
