import type { z } from 'zod'
import type { FlightAction, FlightDetail, FlightInput, Flight } from '../../../contract/flights.ts'
import type { Closure, ClosureInput, Notification } from '../../../contract/flights.ts'
import { api } from '../api/client.ts'

// Calls of the flight clearance screens (server/routes/flights.ts), typed by the shared contract.

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

export const listFlights = (query = '') => api<{ flights: FlightRow[] }>(`/api/flights${query ? `?${query}` : ''}`)
export const getFlight = (id: number) => api<FlightDetail>(`/api/flights/${id}`)
export const createFlight = (input: FlightInput) => api<FlightDetail>('/api/flights', { method: 'POST', json: input })
export const amendFlight = (id: number, version: number, patch: Record<string, unknown>) =>
  api<FlightDetail>(`/api/flights/${id}`, { method: 'PATCH', json: patch, headers: { 'If-Match': `"${version}"` } })
export const flightAction = (id: number, action: FlightAction, body: { reason?: string; conditions?: string[] } = {}) =>
  api<FlightDetail>(`/api/flights/${id}/${action}`, { method: 'POST', json: body })
export const findStrips = (q: string) =>
  api<{ airstrips: StripOption[] }>(`/api/flights/airstrips?q=${encodeURIComponent(q)}`)
export const notifications = () => api<{ notifications: Note[] }>('/api/notifications')
export type ClosureRow = z.infer<typeof Closure>
export const listClosures = (airstrip?: number) =>
  api<{ closures: (ClosureRow & { airstrip_name: string })[] }>(
    `/api/flights/closures${airstrip ? `?airstrip=${airstrip}` : ''}`,
  )
export const addClosure = (input: z.input<typeof ClosureInput>) =>
  api<ClosureRow>('/api/flights/closures', { method: 'POST', json: input })
export const removeClosure = (id: number) => api<null>(`/api/flights/closures/${id}`, { method: 'DELETE' })
