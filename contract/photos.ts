// What the web app and the server agree on about field photos.

/** Photos one assessment may have (the form offers no more; the server refuses more). */
export const MAX_PHOTOS = 6
/** The longer side the web app resizes a photo to before queueing it, in pixels. */
export const RESIZED_SIDE = 1600
