// The entity page's two small charts, drawn as SVG: an hour-of-day × weekday heatmap and a day-by-day bar chart of
// calls, SMS and other events, both on the display zone's clock.
import { WEEKDAYS, type DayActivity } from '../../../../core/analysis/activity'
import { daysFromCivil, civilFromDays } from '../../../../core/mapping/zones'

export function Heatmap({ heatmap, zone }: { heatmap: readonly (readonly number[])[]; zone: string }) {
  const max = Math.max(1, ...heatmap.flat())
  const cell = 22
  const left = 36
  const top = 18
  const width = left + 24 * cell + 4
  const height = top + 7 * cell + 4
  return (
    <svg className="wm-heatmap" data-testid="heatmap" viewBox={`0 0 ${width} ${height}`} width={width} height={height} role="img" aria-label={`Events by hour of day and weekday, ${zone}`}>
      {Array.from({ length: 24 }, (_, h) => (
        <text key={h} x={left + h * cell + cell / 2} y={12} textAnchor="middle" className="wm-chart-label">
          {h % 3 === 0 ? String(h).padStart(2, '0') : ''}
        </text>
      ))}
      {WEEKDAYS.map((d, w) => (
        <g key={d}>
          <text x={left - 6} y={top + w * cell + cell / 2 + 4} textAnchor="end" className="wm-chart-label">
            {d}
          </text>
          {Array.from({ length: 24 }, (_, h) => {
            const n = heatmap[w]?.[h] ?? 0
            return (
              <rect key={h} data-count={n} x={left + h * cell + 1} y={top + w * cell + 1} width={cell - 2} height={cell - 2} rx={3} className={n === 0 ? 'wm-heat-empty' : 'wm-heat'} style={n === 0 ? undefined : { fillOpacity: 0.15 + 0.85 * (n / max) }}>
                <title>{`${d} ${String(h).padStart(2, '0')}:00–${String(h).padStart(2, '0')}:59 (${zone}): ${n} event${n === 1 ? '' : 's'}`}</title>
              </rect>
            )
          })}
        </g>
      ))}
    </svg>
  )
}

function dayNumber(day: string): number {
  const [y, m, d] = day.split('-').map(Number)
  return daysFromCivil(y!, m!, d!)
}

function dayText(n: number): string {
  const [y, m, d] = civilFromDays(n)
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`
}

/** Bars for every day from the first active day to the last, so quiet days show as gaps. */
export function DailyChart({ days, zone }: { days: readonly DayActivity[]; zone: string }) {
  if (days.length === 0) return <div className="wm-muted">No dated events.</div>
  const first = dayNumber(days[0]!.day)
  const last = dayNumber(days[days.length - 1]!.day)
  const span = last - first + 1
  const byDay = new Map(days.map((d) => [dayNumber(d.day), d]))
  const max = Math.max(1, ...days.map((d) => d.events))
  const height = 150
  const top = 10
  const bottom = 24
  const left = 34
  const width = 760
  const plot = width - left - 8
  const bar = plot / span
  const y = (n: number) => top + (height - top - bottom) * (1 - n / max)
  const labelEvery = Math.max(1, Math.ceil(span / 8))
  return (
    <svg className="wm-daily" data-testid="daily-chart" viewBox={`0 0 ${width} ${height}`} width="100%" preserveAspectRatio="xMinYMin meet" role="img" aria-label={`Events per day, ${zone}`}>
      <line x1={left} x2={width - 8} y1={y(0)} y2={y(0)} className="wm-chart-axis" />
      <text x={left - 4} y={y(max) + 4} textAnchor="end" className="wm-chart-label">
        {max}
      </text>
      <text x={left - 4} y={y(0)} textAnchor="end" className="wm-chart-label">
        0
      </text>
      {Array.from({ length: span }, (_, i) => {
        const n = first + i
        const d = byDay.get(n)
        const x = left + i * bar
        const w = Math.max(1, bar - (bar > 4 ? 1 : 0))
        const parts = d ? ([['calls', d.calls], ['sms', d.sms], ['other', d.other]] as const) : []
        let base = 0
        return (
          <g key={n}>
            {parts.map(([k, v]) => {
              if (v === 0) return null
              const y1 = y(base + v)
              const y0 = y(base)
              base += v
              return <rect key={k} x={x} y={y1} width={w} height={Math.max(0.5, y0 - y1)} className={`wm-bar-${k}`} />
            })}
            <rect x={x} y={top} width={Math.max(1, bar)} height={height - top - bottom} fill="transparent">
              <title>{d ? `${d.day}: ${d.events} events (${d.calls} calls, ${d.sms} SMS, ${d.other} other)` : `${dayText(n)}: no events`}</title>
            </rect>
            {i % labelEvery === 0 ? (
              <text x={x} y={height - 8} className="wm-chart-label">
                {dayText(n).slice(5)}
              </text>
            ) : null}
          </g>
        )
      })}
    </svg>
  )
}

export function ChartLegend() {
  return (
    <div className="wm-chart-legend wm-small">
      <span><i className="wm-swatch wm-bar-calls" /> calls</span>
      <span><i className="wm-swatch wm-bar-sms" /> SMS</span>
      <span><i className="wm-swatch wm-bar-other" /> other</span>
    </div>
  )
}
