// Worker threads start here: tsx's loader is registered in the worker itself, because neither `tsx server/main.ts`
// nor vitest gives a fresh worker a way to load the server's .ts modules.
import { workerData } from 'node:worker_threads'
import { register } from 'tsx/esm/api'

register()
await import(workerData.entry)
