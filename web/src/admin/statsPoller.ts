// Polls GET /admin/stats while someone watches, keeping the last few minutes of samples so the charts
// survive switching to another view and back.
import type { AdminApi, InstanceStats } from './api';
import { errorText } from '../shared/http';

export interface StatsSample {
  at: number; // ms since the epoch, when the answer arrived
  stats: InstanceStats;
}

export const POLL_INTERVAL_MS = 3000;
const KEPT_SAMPLES = 100; // five minutes at one every three seconds

export class StatsPoller {
  samples: StatsSample[] = [];
  error: string | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private listeners = new Set<() => void>();
  private polling = false;
  private generation = 0; // a stopped loop's answer in flight is dropped, so loops never double up

  constructor(private readonly api: AdminApi) {}

  // Starts polling for the first listener and stops after the last one leaves.
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    if (!this.polling) {
      this.polling = true;
      void this.poll(++this.generation);
    }
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.stop();
    };
  }

  private stop() {
    this.polling = false;
    this.generation++;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  private async poll(generation: number) {
    let stats: InstanceStats | null = null;
    let failure: unknown = null;
    try {
      stats = await this.api.stats();
    } catch (error) {
      failure = error;
    }
    if (generation !== this.generation) return;
    if (stats) {
      this.samples = [...this.samples, { at: Date.now(), stats }].slice(-KEPT_SAMPLES);
      this.error = null;
    } else {
      this.error = errorText(failure);
    }
    for (const listener of this.listeners) listener();
    // The next poll waits for this one to finish, so a slow server never piles up requests.
    this.timer = setTimeout(() => void this.poll(generation), POLL_INTERVAL_MS);
  }
}
