// Lazily loaded tabs: a tab whose code was fetched ahead shows at once (no loading frame), its code is fetched once
// however often it is asked for, and a fetch that failed is tried again rather than remembered as broken.
import { createElement, Suspense } from 'react'
import { renderToString } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { lazyNamed } from '../../../src/renderer/src/components/lazyNamed'

function Greeting({ name }: { name: string }) {
  return createElement('p', null, `Case ${name}`)
}

/** A module loader that counts its calls and can be told to fail. */
function loader(fail = 0) {
  const state = { calls: 0, failuresLeft: fail }
  const load = async () => {
    state.calls++
    if (state.failuresLeft > 0) {
      state.failuresLeft--
      throw new Error('Failed to fetch dynamically imported module')
    }
    return { Greeting, other: 42 }
  }
  return { state, load }
}

// renderToString does not wait for lazy code: it renders the Suspense fallback for anything not yet loaded.
const render = (C: ReturnType<typeof lazyNamed<{ Greeting: typeof Greeting; other: number }, 'Greeting'>>, name: string) =>
  renderToString(createElement(Suspense, { fallback: createElement('i', null, 'loading') }, createElement(C, { name })))

describe('lazyNamed', () => {
  it('shows a preloaded screen in the first render, and the loading state for one not yet loaded', async () => {
    const ahead = loader()
    const Preloaded = lazyNamed(ahead.load, 'Greeting')
    await Preloaded.preload()
    expect(render(Preloaded, 'K-7')).toContain('Case K-7')

    const cold = loader()
    const NotLoaded = lazyNamed(cold.load, 'Greeting')
    const html = render(NotLoaded, 'K-7')
    expect(html).toContain('loading')
    expect(html).not.toContain('Case K-7')
  })

  it('fetches a chunk once however many times it is preloaded or rendered', async () => {
    const l = loader()
    const C = lazyNamed(l.load, 'Greeting')
    await Promise.all([C.preload(), C.preload(), C.preload()])
    render(C, 'a')
    render(C, 'b')
    expect(l.state.calls).toBe(1)
  })

  it('tries a failed fetch again on the next preload, and the preload itself never rejects', async () => {
    const l = loader(1)
    const C = lazyNamed(l.load, 'Greeting')
    await expect(C.preload()).resolves.toBeUndefined()
    expect(l.state.calls).toBe(1)
    await C.preload()
    expect(l.state.calls).toBe(2)
    expect(render(C, 'Ember')).toContain('Case Ember')
  })
})
