// The instance at a glance: totals, and charts of what changes from second to second.
import { useEffect, useState } from 'preact/hooks';
import type { InstanceStats } from './api';
import { POLL_INTERVAL_MS, type StatsPoller, type StatsSample } from './statsPoller';
import { TimeSeriesChart, type Point } from './components/TimeSeriesChart';
import { ViewHeading } from './components/ViewHeading';
import { formatCount, formatDuration } from './format';

const CHART_WINDOW_MS = 5 * 60 * 1000;

const totals: { key: keyof InstanceStats; label: string; format?: (value: number) => string }[] = [
  { key: 'users', label: 'People' },
  { key: 'bots', label: 'Bots' },
  { key: 'guilds', label: 'Guilds' },
  { key: 'channels', label: 'Channels' },
  { key: 'messages', label: 'Messages' },
  { key: 'sessions_online', label: 'Sessions online' },
  { key: 'events_dispatched', label: 'Events dispatched' },
  { key: 'events_per_second', label: 'Events per second' },
  { key: 'uptime_seconds', label: 'Uptime', format: formatDuration },
];

function series(samples: StatsSample[], pick: (stats: InstanceStats) => number): Point[] {
  return samples.map((sample) => ({ at: sample.at, value: pick(sample.stats) }));
}

// Messages sent per minute, from the growth of the total between samples.
function messagesPerMinute(samples: StatsSample[]): Point[] {
  const points: Point[] = [];
  for (let i = 1; i < samples.length; i++) {
    const elapsedMs = samples[i].at - samples[i - 1].at;
    const sent = Math.max(0, samples[i].stats.messages - samples[i - 1].stats.messages);
    if (elapsedMs > 0) points.push({ at: samples[i].at, value: (sent * 60000) / elapsedMs });
  }
  return points;
}

export function StatsView({ poller }: { poller: StatsPoller }) {
  const [samples, setSamples] = useState<StatsSample[]>(poller.samples);
  const [error, setError] = useState<string | null>(poller.error);
  const [paused, setPaused] = useState(false);

  useEffect(() => {
    if (paused) return;
    return poller.subscribe(() => {
      setSamples(poller.samples);
      setError(poller.error);
    });
  }, [poller, paused]);

  const latest = samples.length ? samples[samples.length - 1] : null;

  return (
    <section aria-labelledby="stats-heading">
      <ViewHeading id="stats-heading">Statistics</ViewHeading>
      <div class="toolbar">
        <p class="muted">
          {paused
            ? 'Updates paused.'
            : `Updated every ${POLL_INTERVAL_MS / 1000} seconds${latest ? `; last at ${new Date(latest.at).toLocaleTimeString()}` : ''}.`}
        </p>
        <button type="button" aria-pressed={paused} onClick={() => setPaused(!paused)}>
          {paused ? 'Resume updates' : 'Pause updates'}
        </button>
      </div>
      {error && (
        <p class="error" role="alert">
          Could not read the statistics: {error}
        </p>
      )}
      <h3>Totals</h3>
      {latest ? (
        <dl class="totals">
          {totals.map(({ key, label, format }) => (
            <div class="total" key={key}>
              <dt>{label}</dt>
              <dd>{(format ?? formatCount)(latest.stats[key])}</dd>
            </div>
          ))}
        </dl>
      ) : (
        !error && <p class="muted">Loading…</p>
      )}
      <h3>Last five minutes</h3>
      <div class="charts">
        <TimeSeriesChart
          title="Sessions online"
          points={series(samples, (stats) => stats.sessions_online)}
          windowMs={CHART_WINDOW_MS}
        />
        <TimeSeriesChart
          title="Events per second"
          points={series(samples, (stats) => stats.events_per_second)}
          windowMs={CHART_WINDOW_MS}
        />
        <TimeSeriesChart title="Messages per minute" points={messagesPerMinute(samples)} windowMs={CHART_WINDOW_MS} />
        <TimeSeriesChart
          title="Messages in total"
          points={series(samples, (stats) => stats.messages)}
          windowMs={CHART_WINDOW_MS}
          zeroBased={false}
        />
      </div>
    </section>
  );
}
