import { type FeatureCollection } from './client.ts'
import { fetchResource, useResource } from './resource.ts'

// The gazetteer's towns (GET /api/places): labels on the main map and orientation on a report's map, one answer shared.

const PLACES = '/api/places'

export const usePlaces = () => useResource<FeatureCollection>(PLACES)
export const fetchPlaces = () => fetchResource<FeatureCollection>(PLACES)
