// Light and dark themes: Blueprint's dark class on <body>, the choice remembered on this machine.
import { Classes } from '@blueprintjs/core'
import { useEffect, useState } from 'react'

export type Theme = 'light' | 'dark'
const KEY = 'waymark.theme'

function initialTheme(): Theme {
  const saved = window.localStorage.getItem(KEY)
  if (saved === 'light' || saved === 'dark') return saved
  return window.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light'
}

export function useTheme(): [Theme, () => void] {
  const [theme, setTheme] = useState<Theme>(initialTheme)
  useEffect(() => {
    document.body.classList.toggle(Classes.DARK, theme === 'dark')
    document.body.dataset.theme = theme
    // AG Grid's colorSchemeVariable follows this attribute (components/DataGrid.tsx).
    document.body.dataset.agThemeMode = theme
    window.localStorage.setItem(KEY, theme)
  }, [theme])
  return [theme, () => setTheme((t) => (t === 'dark' ? 'light' : 'dark'))]
}
