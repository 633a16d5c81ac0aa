import type { z } from 'zod'
import type { FlightAction, FlightDetail, FlightInput, Flight } from '../../../contract/flights.ts'
import type { Closure, ClosureInput, Notification } from '../../../contract/flights.ts'
import { api } from '../api/client.ts'
import { invalidate, prime, useKeptResource, useResource } from '../api/resource.ts'

// Calls of the flight clearance screens (server/routes/flights.ts), typed by the shared contract: reads as cached
// resources (hooks), writes that refresh what they change.

export type FlightRow = Flight & { recommendation: string | null; pending_agencies: string[] }
export type { FlightDetail }
export type Note = z.infer<typeof Notification>
export interface StripOption {
  id: number
  name: string
  ident: string | null
  iata_code: string | null
  lon: number
  lat: number
}

const FLIGHTS = '/api/flights'
const CLOSURES = '/api/flights/closures'
const NOTIFICATIONS = '/api/notifications'
export type ClosureRow = z.infer<typeof Closure>

/** Requests (of one status, or of one airstrip: `status=…` / `airstrip=…`); null: none asked for. */
export const useFlights = (query: string | null) =>
  useKeptResource<{ flights: FlightRow[] }>(query === null ? null : `${FLIGHTS}${query ? `?${query}` : ''}`)
export const useFlight = (id: number) => useResource<FlightDetail>(`${FLIGHTS}/${id}`)
export const useNotifications = () => useResource<{ notifications: Note[] }>(NOTIFICATIONS)
/** Closures and restrictions, of one airstrip or all; null: none asked for. */
export const useClosures = (airstrip: number | null | undefined) =>
  useResource<{ closures: (ClosureRow & { airstrip_name: string })[] }>(
    airstrip === null ? null : `${CLOSURES}${airstrip ? `?airstrip=${airstrip}` : ''}`,
  )
/** Airstrips whose name or code holds `q` (typed in a form, so fetched on demand rather than cached). */
export const findStrips = (q: string) =>
  api<{ airstrips: StripOption[] }>(`${FLIGHTS}/airstrips?q=${encodeURIComponent(q)}`)

/** Requests (lists, closures, each request) and notifications are read again. */
function refresh() {
  invalidate(FLIGHTS)
  invalidate(NOTIFICATIONS)
}

/** A request, its assessment or its decision changed: the lists, the request itself and the notifications. */
function changed(f: FlightDetail): FlightDetail {
  refresh()
  prime(`${FLIGHTS}/${f.id}`, f)
  return f
}

export const createFlight = async (input: FlightInput) =>
  changed(await api<FlightDetail>(FLIGHTS, { method: 'POST', json: input }))
export const flightAction = async (
  id: number,
  action: FlightAction,
  body: { reason?: string; conditions?: string[] } = {},
) => changed(await api<FlightDetail>(`${FLIGHTS}/${id}/${action}`, { method: 'POST', json: body }))

/** A closure changes the airstrip's calendar and the assessments of requests using it. */
export async function addClosure(input: z.input<typeof ClosureInput>): Promise<ClosureRow> {
  const c = await api<ClosureRow>(CLOSURES, { method: 'POST', json: input })
  refresh()
  return c
}
export async function removeClosure(id: number): Promise<void> {
  await api<null>(`${CLOSURES}/${id}`, { method: 'DELETE' })
  refresh()
}
