// @font-face rules with the bundled Noto fonts inlined as data: URLs, for exports that leave the app (SVG, PNG,
// standalone HTML): only the faces whose Unicode ranges the exported text uses, so a Bengali or Thai name renders
// on a machine without those fonts and the file references nothing outside itself.

type Range = readonly [number, number]

/** Parses a CSS unicode-range ("U+0980-09FE, U+200C, U+4??"). */
export function parseUnicodeRange(text: string): Range[] {
  const out: Range[] = []
  for (const part of text.split(',')) {
    const m = /^\s*U\+([0-9a-f?]+)(?:-([0-9a-f]+))?\s*$/i.exec(part)
    if (!m) continue
    if (m[1]!.includes('?')) out.push([parseInt(m[1]!.replace(/\?/g, '0'), 16), parseInt(m[1]!.replace(/\?/g, 'f'), 16)])
    else out.push([parseInt(m[1]!, 16), parseInt(m[2] ?? m[1]!, 16)])
  }
  return out
}

function codePoints(text: string): Set<number> {
  const s = new Set<number>()
  for (const ch of text) s.add(ch.codePointAt(0)!)
  return s
}

function toBase64(bytes: Uint8Array): string {
  let bin = ''
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return btoa(bin)
}

interface Face {
  readonly family: string
  readonly weight: string
  readonly style: string
  readonly url: string
  readonly ranges: Range[]
}

function facesOf(doc: Document): Face[] {
  const faces: Face[] = []
  for (const sheet of Array.from(doc.styleSheets)) {
    let rules: CSSRuleList
    try {
      rules = sheet.cssRules
    } catch {
      continue
    }
    for (const rule of Array.from(rules)) {
      if (!(rule instanceof CSSFontFaceRule)) continue
      const family = rule.style.getPropertyValue('font-family').replace(/["']/g, '').trim()
      if (!family.startsWith('Noto Sans')) continue
      const src = rule.style.getPropertyValue('src')
      const url = /url\(\s*["']?([^"')]+\.woff2[^"')]*)["']?\s*\)/.exec(src)?.[1]
      if (!url) continue
      const range = rule.style.getPropertyValue('unicode-range')
      faces.push({
        family,
        weight: rule.style.getPropertyValue('font-weight') || '400',
        style: rule.style.getPropertyValue('font-style') || 'normal',
        url: new URL(url, sheet.href ?? doc.baseURI).href,
        ranges: range ? parseUnicodeRange(range) : [[0, 0x10ffff]]
      })
    }
  }
  return faces
}

/**
 * @font-face CSS for the text's characters, fonts inlined. Fonts come from the app's own origin; one that cannot be
 * read is left out (the export still names the font family, so an installed copy is used where there is one).
 */
export async function embeddedFontCss(doc: Document, text: string): Promise<string> {
  const used = codePoints(text)
  const wanted = facesOf(doc).filter((f) => {
    // The script families' own Latin subsets are never reached: Noto Sans comes first in the stack and covers Latin.
    if (f.family !== 'Noto Sans' && f.ranges.some(([lo, hi]) => lo <= 0x41 && 0x41 <= hi)) return false
    for (const cp of used) if (cp > 0x20 && f.ranges.some(([lo, hi]) => cp >= lo && cp <= hi)) return true
    return false
  })
  const rules = await Promise.all(
    wanted.map(async (f) => {
      try {
        if (new URL(f.url).origin !== doc.location.origin) return ''
        const res = await fetch(f.url)
        if (!res.ok) return ''
        const b64 = toBase64(new Uint8Array(await res.arrayBuffer()))
        return `@font-face{font-family:'${f.family}';font-style:${f.style};font-weight:${f.weight};src:url(data:font/woff2;base64,${b64}) format('woff2');unicode-range:${f.ranges.map(([a, b]) => (a === b ? `U+${a.toString(16)}` : `U+${a.toString(16)}-${b.toString(16)}`)).join(',')};}`
      } catch {
        return ''
      }
    })
  )
  return rules.filter(Boolean).join('\n')
}
