// Whether the app is in its dark theme (Blueprint's class on <body>), for canvas drawing that cannot use CSS.
import { useEffect, useState } from 'react'

export function useDark(): boolean {
  const [dark, setDark] = useState(() => document.body.classList.contains('bp6-dark'))
  useEffect(() => {
    const o = new MutationObserver(() => setDark(document.body.classList.contains('bp6-dark')))
    o.observe(document.body, { attributes: true, attributeFilter: ['class'] })
    return () => o.disconnect()
  }, [])
  return dark
}
