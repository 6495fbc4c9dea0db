// Importing into a case in Chromium: real files from the corpus, counts, duplicates, cancel and a killed browser.
import { chromium } from '@playwright/test'
import { execSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as XLSX from 'xlsx'
import { CHROMIUM_ARGS } from '../../playwright.config'
import { bigCdr, CDR_HEADER, cdrRow, writeTempFile } from './bigCdr'
import { HAVE_CORPUS, NO_CORPUS_REASON, corpusFile } from './corpus'
import { createCase, expect, guardNetwork, test } from './fixtures'

type Page = import('@playwright/test').Page

/** The timings the import worker kept of its last import (they name the second worker's part when there was one). */
async function lastImportPhases(page: Page): Promise<Record<string, number> | null> {
  let phases: Record<string, number> | null = null
  for (const w of page.workers()) {
    const p = await w.evaluate(() => (globalThis as unknown as { waymarkLastImportPhases?: Record<string, number> }).waymarkLastImportPhases ?? null).catch(() => null)
    if (p) phases = p
  }
  return phases
}

async function openNewCase(page: Page, name: string) {
  await page.goto('/')
  await createCase(page, name, 'E2E')
  await page.getByTestId('case-row').filter({ hasText: name }).getByRole('button', { name: 'Open' }).click()
  await page.getByTestId('go-import').click()
}

/** A new case with one file chosen on its Import tab, once the wizard shows the file's proposed mapping: its card. */
async function proposedCard(page: Page, caseName: string, file: string) {
  await openNewCase(page, caseName)
  await page.getByLabel('Choose files to import').setInputFiles([file])
  const card = page.getByTestId('file-card')
  await expect(card.getByTestId('mapping-editor')).toBeVisible({ timeout: 60_000 })
  return card
}

/**
 * The wizard proposes a big file's mapping from its first rows; the synthetic CDR's first rows (1–5 January) have no day
 * above 12, so it asks the day/month order, and the analyst answers.
 */
async function answerDayMonth(card: ReturnType<Page['getByTestId']>) {
  const dmy = card.locator('[data-testid^="order-dmy-"]').first()
  await expect(dmy).toBeAttached({ timeout: 60_000 })
  await dmy.click({ force: true })
  await expect(card.getByTestId('import-file')).toBeEnabled({ timeout: 60_000 })
}

/** The named fields of every row of one workspace store, read straight from IndexedDB in the page. */
function storedRows(page: Page, store: string, fields: readonly string[]): Promise<Record<string, unknown>[]> {
  return page.evaluate(
    async ({ store, fields }) => {
      const db: IDBDatabase = await new Promise((ok, fail) => {
        const r = indexedDB.open('waymark-workspace')
        r.onsuccess = () => ok(r.result)
        r.onerror = () => fail(r.error)
      })
      const rows: Record<string, unknown>[] = await new Promise((ok, fail) => {
        const r = db.transaction(store).objectStore(store).getAll()
        r.onsuccess = () => ok(r.result as Record<string, unknown>[])
        r.onerror = () => fail(r.error)
      })
      db.close()
      return rows.map((row) => Object.fromEntries(fields.map((f) => [f, row[f]])))
    },
    { store, fields }
  )
}

/** What the workspace holds: committed and pending sources, and segments. */
async function storeCounts(page: Page): Promise<{ sources: number; pending: number; segments: number }> {
  const sources = await storedRows(page, 'sources', ['status'])
  const segments = await storedRows(page, 'segments', ['id'])
  return { sources: sources.filter((s) => s.status === 'committed').length, pending: sources.filter((s) => s.status !== 'committed').length, segments: segments.length }
}

test.describe('import from the shared corpus', () => {
  test.skip(!HAVE_CORPUS, NO_CORPUS_REASON) // the reason names the missing corpus path

  test('VAST 2008 call records and a bandicoot layout: mapped, imported, counted; the same file again is detected', async ({ page }) => {
    await openNewCase(page, 'VAST import')
    const vast = corpusFile('vast2008-mc3-cellphone', 'CellPhoneCallRecords.csv')
    const bandicoot = corpusFile('bandicoot-cdr-samples', 'demo', 'A.csv')
    await page.getByLabel('Choose files to import').setInputFiles([vast, bandicoot])

    const vastCard = page.getByTestId('file-card').filter({ hasText: 'CellPhoneCallRecords.csv' })
    const bandCard = page.getByTestId('file-card').filter({ hasText: 'A.csv' })
    await expect(vastCard.getByTestId('mapping-editor')).toBeVisible()
    await expect(bandCard.getByTestId('mapping-editor')).toBeVisible()
    // The proposed mapping is a CDR with a confidence on every mapped column.
    await expect(vastCard.getByTestId('record-kind')).toHaveValue('call')
    await expect(vastCard.getByTestId('confidence').first()).toBeVisible()
    await expect(bandCard.getByTestId('record-kind')).toHaveValue('call')

    await vastCard.getByTestId('import-file').click()
    await expect(vastCard.getByTestId('import-report')).toBeVisible({ timeout: 30_000 })
    await expect(vastCard.getByTestId('count-read')).toHaveText('9,834')
    await expect(vastCard.getByTestId('count-imported')).toHaveText('9,834')
    await expect(vastCard.getByTestId('count-rejected')).toHaveText('0')

    await bandCard.getByTestId('import-file').click()
    await expect(bandCard.getByTestId('import-report')).toBeVisible({ timeout: 30_000 })
    await expect(bandCard.getByTestId('count-read')).toHaveText('42')

    // The Sources tab lists both with their SHA-256.
    await page.getByRole('tab', { name: /Sources/ }).click()
    await expect(page.getByTestId('source-row')).toHaveCount(2)
    await expect(page.getByTestId('sources-table')).toContainText('CellPhoneCallRecords.csv')
    expect(await storeCounts(page)).toMatchObject({ sources: 2, pending: 0 })

    // The same file again: detected by its SHA-256, skipped.
    await page.getByRole('tab', { name: /Import/ }).click()
    await page.getByLabel('Choose files to import').setInputFiles([vast])
    await expect(page.getByTestId('duplicate')).toContainText('already in the case')
    await expect(page.getByTestId('file-card').filter({ hasText: 'CellPhoneCallRecords.csv' }).getByTestId('import-file')).toBeDisabled()
  })
})

test('a big CSV mapped by two workers at once: every row stored once, rejected rows named by their line on both sides of the cut', async ({ page }) => {
  test.setTimeout(120_000)
  // 120,000 rows (about 7 MB, past the size at which a second worker maps the second half); two rows with a
  // date that cannot be read, one in each half.
  const rows = 120_000
  const bad = new Set([1_000, 110_000])
  const lines = [CDR_HEADER]
  for (let i = 0; i < rows; i++) lines.push(cdrRow(i, bad.has(i) ? '31/02/2024 25:61:00' : undefined))
  const { dir, file } = writeTempFile('waymark-split-', 'two-halves.csv', lines.join('\n') + '\n')
  try {
    const card = await proposedCard(page, 'Two workers', file)
    await card.getByTestId('import-file').click()
    await expect(card.getByTestId('import-report')).toBeVisible({ timeout: 90_000 })
    await expect(card.getByTestId('count-read')).toHaveText('120,000')
    await expect(card.getByTestId('count-imported')).toHaveText('119,998')
    await expect(card.getByTestId('count-rejected')).toHaveText('2')
    // The second half really was mapped by the second worker (the import worker's timings name it).
    expect((await lastImportPhases(page))?.['secondHalf.total']).toBeGreaterThan(0)
    // Data row i is on line i + 2 (the header is line 1), in either half.
    await card.getByRole('button', { name: /Show 2 rejected rows/ }).click()
    const rejected = card.getByTestId('rejected-rows').locator('tbody tr')
    await expect(rejected).toHaveCount(2)
    await expect(rejected.nth(0).locator('td').nth(1)).toHaveText('1002')
    await expect(rejected.nth(1).locator('td').nth(1)).toHaveText('110002')
    await expect(rejected.nth(1)).toContainText('31/02/2024 25:61:00')
    // Every other row is stored exactly once, in one committed source.
    const segments = await storedRows(page, 'segments', ['count'])
    const stored = { events: segments.reduce((n, r) => n + (r.count as number), 0), sources: await storedRows(page, 'sources', ['status', 'eventCount']) }
    expect(stored).toEqual({ events: 119_998, sources: [{ status: 'committed', eventCount: 119_998 }] })
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test('a date that reads differently after the rows the mapping was proposed from fails the import, keeps nothing and names the row; choosing the order imports it', async ({ page }) => {
  test.setTimeout(150_000)
  // 90,000 rows (past the size at which two workers share the import) from 13 January: the first rows read only as
  // dd/mm; data row 80,000 (line 80,002, in the second half) reads only as mm/dd.
  const rows = 90_000
  const lines = [CDR_HEADER]
  for (let i = 0; i < rows; i++) lines.push(cdrRow(i, i === 80_000 ? '02/25/2024 10:00:00' : undefined))
  const { dir, file } = writeTempFile('waymark-late-', 'late-dates.csv', lines.join('\n') + '\n')
  try {
    const card = await proposedCard(page, 'Late dates', file)
    // The wizard says what it read and claims no row count it does not know.
    await expect(card.getByTestId('rows-known')).toContainText('mapping proposed from the first')
    await expect(card.getByTestId('rows-known')).not.toContainText('90,000')
    await card.getByTestId('import-file').click()
    const error = card.getByTestId('file-error')
    await expect(error).toBeVisible({ timeout: 90_000 })
    await expect(error).toContainText('late-dates.csv')
    await expect(error).toContainText('"START_TIME"')
    await expect(error).toContainText('row 80,002')
    await expect(error).toContainText('02/25/2024 10:00:00')
    await expect(error).toContainText('Choose the day/month order for column "START_TIME" and import again')
    expect(await storeCounts(page)).toEqual({ sources: 0, pending: 0, segments: 0 })
    // The order is now asked; with day/month chosen the file imports, the mm/dd row rejected and named.
    await expect(card.getByTestId('import-file')).toBeDisabled()
    await card.locator('[data-testid^="order-dmy-"]').first().click({ force: true })
    await expect(card.getByTestId('import-file')).toBeEnabled({ timeout: 30_000 })
    await card.getByTestId('import-file').click()
    await expect(card.getByTestId('import-report')).toBeVisible({ timeout: 90_000 })
    await expect(card.getByTestId('count-read')).toHaveText('90,000')
    await expect(card.getByTestId('count-rejected')).toHaveText('1')
    await card.getByRole('button', { name: /Show 1 rejected rows/ }).click()
    await expect(card.getByTestId('rejected-rows').locator('tbody tr').first().locator('td').nth(1)).toHaveText('80002')
    expect(await storeCounts(page)).toEqual({ sources: 1, pending: 0, segments: expect.any(Number) })
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test('a big file is proposed from its start while the rest is read and hashed; the hash is the file\'s, and the same file again is detected', async ({ page }) => {
  test.setTimeout(180_000)
  // About 13 MB: past the size from which the wizard proposes from the file's start alone (PROPOSAL_HEAD_BYTES).
  const file = bigCdr(200_000)
  const sha256 = createHash('sha256').update(readFileSync(file)).digest('hex')
  const card = await proposedCard(page, 'Big file twice', file)
  await expect(card.getByTestId('rows-known')).toContainText('mapping proposed from the first')
  await answerDayMonth(card)
  // Import is offered only once the whole file is hashed, and the hash is that of the file on disk.
  await expect(card).toContainText(`SHA-256 ${sha256.slice(0, 16)}…`)
  await card.getByTestId('import-file').click()
  await expect(card.getByTestId('import-report')).toBeVisible({ timeout: 120_000 })
  await expect(card.getByTestId('count-read')).toHaveText('200,000')
  const stored = await storedRows(page, 'sources', ['sha256', 'size'])
  expect(stored).toEqual([{ sha256, size: readFileSync(file).byteLength }])
  // The original bytes are kept (as a Blob, which IndexedDB stores apart from the row), and they are the file's.
  const kept = await page.evaluate(async (sha) => {
    const db: IDBDatabase = await new Promise((ok, fail) => {
      const r = indexedDB.open('waymark-workspace')
      r.onsuccess = () => ok(r.result)
      r.onerror = () => fail(r.error)
    })
    const row: { bytes: Blob | ArrayBuffer; size: number } = await new Promise((ok, fail) => {
      const r = db.transaction('sourceFiles').objectStore('sourceFiles').get(sha)
      r.onsuccess = () => ok(r.result)
      r.onerror = () => fail(r.error)
    })
    db.close()
    const buf = row.bytes instanceof Blob ? await row.bytes.arrayBuffer() : row.bytes
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', buf))
    return { blob: row.bytes instanceof Blob, size: buf.byteLength, sha256: Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('') }
  }, sha256)
  expect(kept).toEqual({ blob: true, size: readFileSync(file).byteLength, sha256 })

  // The same file again (the wizard opened afresh): its proposal shows first, then the check finds it and Import is held.
  await page.getByRole('tab', { name: /Sources/ }).click()
  await page.getByRole('tab', { name: /Import/ }).click()
  await page.getByLabel('Choose files to import').setInputFiles([file])
  const again = page.getByTestId('file-card')
  await expect(again.getByTestId('duplicate')).toContainText('already in the case', { timeout: 60_000 })
  await expect(again.getByTestId('import-file')).toBeDisabled()
  await expect(again).toContainText('already in this case')
})

test('a big new file starts importing while the analyst looks at the proposal: nothing is written before Import, the import goes on from there, and changed settings are the ones imported', async ({ page }) => {
  test.setTimeout(240_000)
  // About 13 MB: read from its start, then hashed and found new to the case, as the analyst answers the day/month order.
  const file = bigCdr(200_000)
  // Row 1 is 01/01/2024 00:00:00, wall clock in the zone the times are read in.
  const firstWallMs = Date.UTC(2024, 0, 1)
  const firstAt = async () => Math.min(...(await storedRows(page, 'segments', ['minAt'])).map((r) => r.minAt as number))

  let card = await proposedCard(page, 'Imported ahead', file)
  await answerDayMonth(card)
  const zone = await card.getByTestId('zone').inputValue()
  // The numbers name no country, so the times are read as UTC unless the analyst says otherwise.
  expect(zone).toBe('UTC')
  // The import runs ahead meanwhile, but keeps what it made in memory: the case has no source, pending or not.
  await page.waitForTimeout(1500)
  expect(await storeCounts(page)).toEqual({ sources: 0, pending: 0, segments: 0 })
  await card.getByTestId('import-file').click()
  await expect(card.getByTestId('import-report')).toBeVisible({ timeout: 120_000 })
  await expect(card.getByTestId('count-imported')).toHaveText('200,000')
  // It went on with the run started ahead (the worker's timings say when Import came) and stored every row once.
  expect((await lastImportPhases(page))?.confirmedAt).toBeGreaterThan(0)
  let segments = await storedRows(page, 'segments', ['count'])
  expect(segments.reduce((n, r) => n + (r.count as number), 0)).toBe(200_000)
  expect(await firstAt()).toBe(firstWallMs)

  // Another case, the same file, another zone: the run started with the proposed zone is dropped, the new one counts.
  card = await proposedCard(page, 'Imported ahead, zone changed', file)
  await answerDayMonth(card)
  await page.waitForTimeout(1000)
  await card.getByTestId('zone').fill('Asia/Dhaka')
  await card.getByTestId('zone').blur()
  await expect(card.getByTestId('zone')).toHaveValue('Asia/Dhaka')
  // Pressed at once: Import waits for the proposal made with the new zone (the click waits until it is enabled).
  await card.getByTestId('import-file').click()
  await expect(card.getByTestId('import-report')).toBeVisible({ timeout: 120_000 })
  await expect(card.getByTestId('count-imported')).toHaveText('200,000')
  const sources = await storedRows(page, 'sources', ['status', 'caseId', 'mappingJson'])
  expect(sources.filter((s) => s.status === 'committed')).toHaveLength(2)
  expect(sources.filter((s) => s.status !== 'committed')).toHaveLength(0)
  const dhaka = sources.filter((s) => String(s.mappingJson).includes('"zone":"Asia/Dhaka"'))
  expect(dhaka).toHaveLength(1)
  segments = await storedRows(page, 'segments', ['caseId', 'minAt', 'count'])
  const inDhakaCase = segments.filter((r) => r.caseId === dhaka[0]!.caseId)
  expect(inDhakaCase.reduce((n, r) => n + (r.count as number), 0)).toBe(200_000)
  expect(Math.min(...inDhakaCase.map((r) => r.minAt as number))).toBe(firstWallMs - 6 * 3_600_000)
})

test('a big file\'s read warnings cover every row: an undecodable byte and an extra field far past the first rows, in both halves, are named by their row in the report and the Sources tab', async ({ page }) => {
  test.setTimeout(180_000)
  // About 12 MB (past PROPOSAL_HEAD_BYTES, so the wizard reads only the first 20,000 rows; and cut in two for two
  // workers). Site names in Thai make the file plainly UTF-8 from its first bytes. Data row i is file row i + 2.
  const rows = 150_000
  const invalidAt = new Set([30_000, 130_000])
  const extraAt = 140_000
  const parts: Buffer[] = [Buffer.from(`${CDR_HEADER},SITE_NAME\n`)]
  for (let i = 0; i < rows; i++) {
    const head = `${cdrRow(i)},`
    // An invalid UTF-8 byte (0xFF) inside the site name.
    const site = invalidAt.has(i) ? Buffer.concat([Buffer.from('บาง'), Buffer.from([0xff]), Buffer.from('กอก')]) : Buffer.from(`บางกอก ${i % 50}`)
    parts.push(Buffer.from(head), site, Buffer.from(i === extraAt ? ',extra\n' : '\n'))
  }
  const bytes = Buffer.concat(parts)
  expect(bytes.byteLength).toBeGreaterThan(8 * 1024 * 1024)
  const { dir, file } = writeTempFile('waymark-readwarn-', 'damaged-cdr.csv', bytes)
  try {
    const card = await proposedCard(page, 'Read warnings', file)
    await expect(card.getByTestId('rows-known')).toContainText('mapping proposed from the first')
    // The wizard read only the start: none of these rows is among its warnings.
    await expect(card.getByTestId('prefix-read-warnings')).toHaveCount(0)
    await expect(card.getByTestId('import-file')).toBeEnabled({ timeout: 60_000 })
    await card.getByTestId('import-file').click()
    await expect(card.getByTestId('import-report')).toBeVisible({ timeout: 120_000 })
    await expect(card.getByTestId('count-read')).toHaveText('150,000')
    await expect(card.getByTestId('count-imported')).toHaveText('150,000')
    // The cut really was made: the second worker mapped the second half.
    expect((await lastImportPhases(page))?.['secondHalf.total']).toBeGreaterThan(0)

    const expectWarnings = async (list: ReturnType<Page['getByTestId']>) => {
      const items = list.getByTestId('read-warning')
      await expect(items).toHaveCount(4)
      await expect(list.locator('[data-code="invalid-bytes-row"]')).toHaveCount(2)
      await expect(list.locator('[data-code="invalid-bytes-row"][data-row="30002"]')).toContainText('Row 30002 of damaged-cdr.csv holds a byte sequence that could not be read as UTF-8')
      await expect(list.locator('[data-code="invalid-bytes-row"][data-row="130002"]')).toContainText('Row 130002 of damaged-cdr.csv')
      await expect(list.locator('[data-code="field-count"][data-row="140002"]')).toContainText('Row 140002 of damaged-cdr.csv has 8 fields where most rows have 7')
      await expect(list.locator('[data-code="invalid-bytes"]')).toContainText('2 byte sequences in damaged-cdr.csv could not be read as UTF-8')
    }
    await expectWarnings(card.getByTestId('report-read-warnings'))

    // The source keeps them.
    await page.getByRole('tab', { name: /Sources/ }).click()
    const row = page.getByTestId('source-row').filter({ hasText: 'damaged-cdr.csv' })
    await expect(row.getByTestId('source-read-warning-count')).toHaveText('4 read warnings')
    await row.getByRole('button', { name: 'damaged-cdr.csv', exact: true }).click()
    await expectWarnings(page.getByTestId('source-read-warnings'))
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test('an encoding Waymark guessed wrong is chosen in the wizard: the sample, the import and the source all read it that way', async ({ page }) => {
  // A Thai partner agency's transfers in Windows-874 whose only Thai character is the baht sign (0xDF): with no run of
  // Thai letters to go on, Waymark guesses Western (Windows-1252), where that byte is 'ß'.
  const thai = new Map<string, number>()
  const decoder = new TextDecoder('windows-874')
  for (let b = 0; b < 256; b++) thai.set(decoder.decode(Uint8Array.of(b)), b)
  const text = ['Payer,Beneficiary,Amount,Date', 'Somchai,Aung Min,1500 ฿,13/02/2024', 'Somchai,Ko Ko,2000 ฿,14/02/2024', 'Lek,Aung Min,750 ฿,25/02/2024'].join('\r\n') + '\r\n'
  const bytes = Uint8Array.from([...text], (c) => thai.get(c)!)
  expect(bytes.includes(0xdf)).toBe(true)
  const { dir, file } = writeTempFile('waymark-encoding-', 'transfers-th.csv', bytes)
  try {
    const card = await proposedCard(page, 'Chosen encoding', file)
    const encoding = card.getByTestId('encoding')
    await expect(encoding).toContainText('As detected: Western (Windows-1252)')
    await expect(card.getByTestId('mapping-editor')).toContainText('1500 ß')
    await encoding.selectOption('windows-874')
    await expect(card.getByTestId('mapping-editor')).toContainText('1500 ฿')
    await expect(card.getByTestId('mapping-editor')).not.toContainText('ß')
    await expect(card).toContainText('Waymark had detected Western (Windows-1252)')
    await card.getByTestId('import-file').click()
    await expect(card.getByTestId('import-report')).toBeVisible({ timeout: 60_000 })
    await expect(card.getByTestId('count-imported')).toHaveText('3')
    // The whole file was read as chosen: the stored texts hold the baht sign, and the source says how it was read.
    const segments = await storedRows(page, 'segments', ['columns'])
    const dictText = segments.map((r) => String((r.columns as { dictText?: string }).dictText ?? '')).join('')
    expect(dictText).toContain('1500 ฿')
    expect(dictText).not.toContain('ß')
    const sources = await storedRows(page, 'sources', ['readWarnings'])
    expect(JSON.stringify(sources[0]!.readWarnings)).toContain('was read as Thai (Windows-874), as chosen in the import wizard (Waymark had detected Western (Windows-1252))')
    await page.getByRole('tab', { name: /Sources/ }).click()
    const row = page.getByTestId('source-row').filter({ hasText: 'transfers-th.csv' })
    await row.getByRole('button', { name: 'transfers-th.csv', exact: true }).click()
    await expect(page.getByTestId('source-read-warnings')).toContainText('transfers-th.csv was read as Thai (Windows-874), as chosen in the import wizard')
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test('a chosen encoding holds for both halves of a big file read by two workers', async ({ page }) => {
  test.setTimeout(180_000)
  // About 9 MB of Thai transfers in Windows-874 whose only Thai character is the baht sign: guessed Western from the
  // first 8 MB, then read as Thai by both workers once chosen.
  const thai = new Map<string, number>()
  const decoder = new TextDecoder('windows-874')
  for (let b = 0; b < 256; b++) thai.set(decoder.decode(Uint8Array.of(b)), b)
  const rows = 250_000
  const lines = ['Payer,Beneficiary,Amount,Date']
  for (let i = 0; i < rows; i++) lines.push(`Payer ${i % 997},Beneficiary ${i % 991},${100 + (i % 5000)} ฿,${13 + (i % 16)}/02/2024`)
  const text = lines.join('\r\n') + '\r\n'
  const bytes = Uint8Array.from(text, (c) => thai.get(c)!)
  expect(bytes.byteLength).toBeGreaterThan(8 * 1024 * 1024)
  const { dir, file } = writeTempFile('waymark-encoding-big-', 'transfers-th-big.csv', bytes)
  try {
    const card = await proposedCard(page, 'Chosen encoding, big file', file)
    await expect(card.getByTestId('encoding')).toContainText('As detected: Western (Windows-1252)')
    await card.getByTestId('encoding').selectOption('windows-874')
    await expect(card.getByTestId('mapping-editor')).toContainText(' ฿')
    await card.getByTestId('import-file').click()
    await expect(card.getByTestId('import-report')).toBeVisible({ timeout: 120_000 })
    await expect(card.getByTestId('count-imported')).toHaveText('250,000')
    expect((await lastImportPhases(page))?.['secondHalf.total']).toBeGreaterThan(0)
    const segments = await storedRows(page, 'segments', ['columns', 'count'])
    expect(segments.reduce((n, r) => n + (r.count as number), 0)).toBe(rows)
    // Every segment, from either worker, holds amounts with the baht sign (read as Western, '1500 ß' is no amount).
    const dicts = segments.map((r) => String((r.columns as { dictText?: string }).dictText ?? ''))
    expect(dicts.filter((d) => !d.includes(' ฿'))).toEqual([])
    expect(dicts.join('')).toContain('4999 ฿')
    expect(dicts.join('')).not.toContain('ß')
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test('a damaged workbook whose reading never ends can be stopped: the card says so, and the next file is read as usual', async ({ page }) => {
  test.setTimeout(120_000)
  // A small .xls with the byte flips the readers' fuzz test found (fast-check seed 17): SheetJS 0.20.3 loops on it.
  const wb = XLSX.utils.book_new()
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([['phone', 'time'], ['0812', 45000.5]]), 'S')
  const bytes = new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'biff8' }) as ArrayBuffer)
  for (const [at, v] of [[1091995546, 210], [1791647627, 1], [2120115986, 99], [35692182, 125], [1374301492, 33], [615921789, 237], [1248790359, 115]] as const) bytes[at % bytes.length] = v
  const damaged = writeTempFile('waymark-stuck-', 'damaged.xls', bytes)
  const next = writeTempFile('waymark-next-', 'next.csv', [CDR_HEADER, cdrRow(0), cdrRow(1), cdrRow(2)].join('\n') + '\n')
  try {
    await openNewCase(page, 'Stuck workbook')
    await page.getByLabel('Choose files to import').setInputFiles([damaged.file])
    const card = page.getByTestId('file-card').filter({ hasText: 'damaged.xls' })
    await expect(card.getByTestId('slow-read')).toBeVisible({ timeout: 45_000 })
    await card.getByTestId('stop-reading').click()
    await expect(card.getByTestId('file-error')).toContainText('damaged.xls could not be read: reading it did not end')
    await expect(card.getByTestId('slow-read')).toHaveCount(0)
    await expect(card).not.toContainText('reading…')
    // A fresh worker reads the next file.
    await page.getByLabel('Choose files to import').setInputFiles([next.file])
    const nextCard = page.getByTestId('file-card').filter({ hasText: 'next.csv' })
    await expect(nextCard.getByTestId('mapping-editor')).toBeVisible({ timeout: 30_000 })
    await expect(nextCard.getByTestId('import-file')).toBeEnabled({ timeout: 30_000 })
    await nextCard.getByTestId('import-file').click()
    await expect(nextCard.getByTestId('count-imported')).toHaveText('3', { timeout: 30_000 })
  } finally {
    rmSync(damaged.dir, { recursive: true, force: true })
    rmSync(next.dir, { recursive: true, force: true })
  }
})

test('cancel in the middle of an import leaves nothing behind', async ({ page }) => {
  test.setTimeout(120_000)
  const file = bigCdr(400_000)
  const card = await proposedCard(page, 'Cancel import', file)
  await answerDayMonth(card)
  await card.getByTestId('import-file').click()
  await expect(card.getByTestId('import-progress')).toBeVisible({ timeout: 30_000 })
  await card.getByTestId('cancel-import').click()
  await expect(card.getByTestId('file-cancelled')).toBeVisible({ timeout: 60_000 })
  expect(await storeCounts(page)).toEqual({ sources: 0, pending: 0, segments: 0 })
  await page.getByRole('tab', { name: /Overview/ }).click()
  await expect(page.getByText('No data in this case yet')).toBeVisible()
})

test('a browser killed in the middle of an import leaves no partial import after it is reopened', async () => {
  test.setTimeout(180_000)
  const file = bigCdr(400_000)
  const profile = mkdtempSync(join(tmpdir(), 'waymark-kill-'))
  const executablePath = test.info().project.use.launchOptions?.executablePath
  const baseURL = test.info().project.use.baseURL!
  const launch = () => chromium.launchPersistentContext(profile, { ...(executablePath ? { executablePath } : {}), args: CHROMIUM_ARGS, baseURL })
  try {
    let context = await launch()
    const leaks = await guardNetwork(context)
    let page = context.pages()[0] ?? (await context.newPage())
    const card = await proposedCard(page, 'Crash import', file)
    await answerDayMonth(card)
    await card.getByTestId('import-file').click()
    // Kill while the pending source is being written: after the first segments reached IndexedDB.
    await expect(card.getByTestId('import-progress')).toContainText('writing', { timeout: 60_000 })
    // SIGKILL every Chromium process of this profile (the [-] keeps pkill's own shell from matching itself).
    execSync(`pkill -9 -f -- '[-]-user-data-dir=${profile}' || true`)
    await context.close().catch(() => undefined)

    context = await launch()
    const leaksAfter = await guardNetwork(context)
    page = context.pages()[0] ?? (await context.newPage())
    await page.goto('/')
    await expect(page.getByTestId('abandoned-imports')).toContainText('synthetic-cdr-400000.csv')
    expect(await storeCounts(page)).toEqual({ sources: 0, pending: 0, segments: 0 })
    await context.close()
    expect([...leaks, ...leaksAfter], 'requests that tried to leave 127.0.0.1').toEqual([])
  } finally {
    rmSync(profile, { recursive: true, force: true })
  }
})
