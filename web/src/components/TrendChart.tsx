/** A named line of values, oldest first. */
export interface TrendLine {
  label: string;
  values: number[];
}

const COLOURS = ['#005eb8', '#d5281b'];

/**
 * A line for each series, oldest to newest (the second dashed, so colour is not the only difference);
 * pages list the same values in a table beside it. `scale` fixes the axis (a questionnaire's 0-40),
 * otherwise it spans the values.
 */
export const TrendChart = ({ label, lines, scale }: { label: string; lines: TrendLine[]; scale?: readonly [number, number] }) => {
  const drawn = lines.filter((l) => l.values.length >= 2);
  if (drawn.length === 0) return null;
  const all = drawn.flatMap((l) => l.values);
  const [min, max] = scale ?? [Math.min(...all), Math.max(...all)];
  const range = max - min || 1;
  const [w, h, left] = [320, 120, 34];
  const y = (v: number) => Math.round(h - 10 - ((v - min) / range) * (h - 20));
  const xy = (values: number[]) => values.map((v, i) => [Math.round((i / (values.length - 1)) * (w - left - 10)) + left, y(v)] as const);
  const words = drawn.map((l) => `${l.label.toLowerCase()} from ${l.values[0]} to ${l.values.at(-1)}`).join('; ');
  return (
    <>
      <svg class="app-chart" viewBox={`0 0 ${w} ${h}`} role="img" aria-label={`${label} trend: ${words}; lowest ${Math.min(...all)}, highest ${Math.max(...all)}`}>
        {/* The scale's ends, so a line's height means something; the table below has every value. */}
        {[min, max].map((v) => (
          <g key={v} aria-hidden="true">
            <line x1={left - 4} x2={w - 4} y1={y(v)} y2={y(v)} stroke="#d8dde0" stroke-width="1" />
            <text x={left - 8} y={y(v) + 4} text-anchor="end" font-size="11" fill="#4c6272">
              {v}
            </text>
          </g>
        ))}
        {drawn.map((l, n) => (
          <g key={l.label} stroke={COLOURS[n]} fill={COLOURS[n]}>
            <polyline
              points={xy(l.values)
                .map(([x, y]) => `${x},${y}`)
                .join(' ')}
              fill="none"
              stroke-width="3"
              stroke-dasharray={n ? '6 4' : undefined}
            />
            {xy(l.values).map(([x, y], i) => (
              <circle key={i} cx={x} cy={y} r="4" />
            ))}
          </g>
        ))}
      </svg>
      {drawn.length > 1 && <p class="nhsuk-body-s app-muted">{drawn.map((l, n) => `${l.label}: ${n ? 'dashed red' : 'solid blue'} line`).join('. ')}.</p>}
    </>
  );
};
