// A small line chart of one number over time, drawn as inline SVG. The SVG stretches to its box (so
// it fits any width); the strokes keep their thickness, and the text around it is plain HTML.
import { useId } from 'preact/hooks';
import { formatCount } from '../format';

export interface Point {
  at: number; // ms
  value: number;
}

interface Props {
  title: string;
  points: Point[];
  windowMs: number; // the most time the x axis spans, ending now; less while fewer samples exist
  zeroBased?: boolean; // counts that move slowly (totals) read better scaled to their own range
  format?: (value: number) => string;
}

const WIDTH = 300;
const HEIGHT = 80;

export function TimeSeriesChart({ title, points, windowMs, zeroBased = true, format = formatCount }: Props) {
  const titleId = useId();
  const latest = points.length ? points[points.length - 1] : null;
  const values = points.map((point) => point.value);
  const max = values.length ? Math.max(...values) : 0;
  const min = values.length ? Math.min(...values) : 0;
  const low = zeroBased ? Math.min(0, min) : min;
  const high = max > low ? max : low + 1;
  const end = latest?.at ?? Date.now();
  const start = points.length ? Math.max(end - windowMs, points[0].at) : end - windowMs;
  const spanMs = end - start;

  // A single sample is drawn as a level line across the chart.
  const x = (at: number) => (spanMs > 0 ? ((at - start) / spanMs) * WIDTH : at === end ? WIDTH : 0);
  const y = (value: number) => HEIGHT - ((value - low) / (high - low)) * (HEIGHT - 4) - 2;
  const drawn = points.length === 1 ? [{ ...points[0], at: start - 1 }, points[0]] : points;
  const line = drawn.map((point) => `${x(point.at).toFixed(1)},${y(point.value).toFixed(1)}`).join(' ');
  const area = drawn.length > 1 ? `${x(drawn[0].at).toFixed(1)},${HEIGHT} ${line} ${WIDTH},${HEIGHT}` : '';

  const span = describeSpan(spanMs);
  const summary = latest
    ? `${title}: now ${format(latest.value)}; over the last ${span} between ${format(min)} and ${format(max)}.`
    : `${title}: no data yet.`;

  return (
    <figure class="chart">
      <figcaption id={titleId}>
        <span class="chart-title">{title}</span>
        <span class="chart-value">{latest ? format(latest.value) : '–'}</span>
      </figcaption>
      <svg
        role="img"
        aria-label={summary}
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        preserveAspectRatio="none"
        data-points={points.length}
      >
        <line class="chart-grid" x1="0" y1={HEIGHT / 2} x2={WIDTH} y2={HEIGHT / 2} vector-effect="non-scaling-stroke" />
        {area && <polygon class="chart-area" points={area} />}
        {points.length > 0 && <polyline class="chart-line" points={line} vector-effect="non-scaling-stroke" />}
      </svg>
      <div class="chart-scale" aria-hidden="true">
        <span>{spanMs < 1000 ? 'just now' : `${span} ago`}</span>
        <span>
          {format(min)} – {format(max)}
        </span>
        <span>now</span>
      </div>
    </figure>
  );
}

function describeSpan(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 90) return `${seconds} s`;
  return `${Math.round(seconds / 60)} min`;
}
