// A React.lazy component for a named export whose chunk can be fetched before its first render, so the app's first
// chunk holds only the shell and a screen's code arrives when (or just before) the analyst goes there.
import { lazy, type FunctionComponent, type LazyExoticComponent, type ReactNode } from 'react'

export type PreloadableComponent<P extends object> = LazyExoticComponent<FunctionComponent<P>> & {
  /** Starts fetching the chunk (once); a failure is left for the render to show, and a later call tries again. */
  readonly preload: () => Promise<void>
}

/** A thenable that calls back at once: React.lazy then renders a preloaded screen without a suspended frame. */
function settled<T>(value: T): PromiseLike<T> {
  return {
    then<R1 = T, R2 = never>(onFulfilled?: ((v: T) => R1 | PromiseLike<R1>) | null): PromiseLike<R1 | R2> {
      return settled(onFulfilled ? (onFulfilled(value) as R1) : (value as unknown as R1))
    }
  }
}

/** The props of a function component. */
type PropsOf<F> = F extends (props: infer P) => ReactNode ? (P extends object ? P : never) : never

/** `lazyNamed(() => import('./Screen'), 'Screen')`: the module's export `Screen`, loaded on first render or preload. */
export function lazyNamed<M extends { readonly [k in K]: (props: never) => ReactNode }, K extends string>(load: () => Promise<M>, name: K): PreloadableComponent<PropsOf<M[K]>> {
  // M[K] is a function component whose props are PropsOf<M[K]>; TypeScript cannot see that through the generic.
  type C = FunctionComponent<PropsOf<M[K]>>
  let loaded: C | undefined
  let pending: Promise<C> | null = null
  const get = (): Promise<C> =>
    (pending ??= load().then(
      (m) => (loaded = m[name] as unknown as C),
      (err: unknown) => {
        // A chunk that failed to load (e.g. the app's files changed under it) may load on the next try.
        pending = null
        throw err
      }
    ))
  // React.lazy's type asks for a Promise, but its runtime takes any thenable and resolves a synchronous one in the
  // same render: that is what lets a preloaded tab appear without a one-frame fallback.
  const component = lazy(() => (loaded !== undefined ? (settled({ default: loaded }) as Promise<{ default: C }>) : get().then((c) => ({ default: c }))))
  return Object.assign(component, {
    preload: () =>
      get().then(
        () => undefined,
        () => undefined
      )
  })
}
