// The thread that converts the second part of a big text file (parallel.ts): loads the TypeScript worker through tsx,
// as bin/waymark.mjs does for the command line itself.
import { register } from 'tsx/esm/api'

register()
await import('./partWorker.ts')
