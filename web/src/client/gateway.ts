// One gateway connection to one instance: HELLO → IDENTIFY (or RESUME after a drop) → dispatches,
// with heartbeats, zombie detection and reconnection. Resuming goes to the resume_gateway_url READY
// named, with the last sequence number; an invalid session falls back to a fresh IDENTIFY.

export type GatewayStatus = 'connecting' | 'connected' | 'reconnecting' | 'closed';

export interface GatewayOptions {
  gatewayUrl: string;
  token: string;
  onDispatch: (type: string, data: unknown) => void;
  onStatus: (status: GatewayStatus) => void;
  // The token was refused: the caller should log out.
  onAuthFailed: () => void;
}

const Op = {
  dispatch: 0,
  heartbeat: 1,
  identify: 2,
  presenceUpdate: 3,
  resume: 6,
  reconnect: 7,
  requestGuildMembers: 8,
  invalidSession: 9,
  hello: 10,
  heartbeatAck: 11,
} as const;

// Close codes after which trying again cannot help.
const FATAL_CLOSE_CODES = new Set([4004, 4010, 4011, 4012, 4013, 4014]);

interface Payload {
  op: number;
  d: unknown;
  s?: number | null;
  t?: string | null;
}

export class GatewayConnection {
  private socket: WebSocket | null = null;
  private sequence: number | null = null;
  private sessionId: string | null = null;
  private resumeUrl: string | null = null;
  private heartbeatTimer: number | undefined;
  private reconnectTimer: number | undefined;
  private awaitingAck = false;
  private attempts = 0;
  private stopped = false;
  // Frames asked for while the socket was down (e.g. member requests), sent once identified.
  private pending: Payload[] = [];
  private identified = false;

  constructor(private readonly options: GatewayOptions) {}

  start(): void {
    this.stopped = false;
    this.open(false);
  }

  stop(): void {
    this.stopped = true;
    window.clearTimeout(this.reconnectTimer);
    this.stopHeartbeat();
    const socket = this.socket;
    this.socket = null;
    socket?.close(1000);
    this.options.onStatus('closed');
  }

  requestGuildMembers(guildId: string): void {
    this.send({ op: Op.requestGuildMembers, d: { guild_id: guildId, query: '', limit: 0 } });
  }

  updatePresence(status: string): void {
    this.send({ op: Op.presenceUpdate, d: { status, since: null, activities: [], afk: false } });
  }

  private send(payload: Payload): void {
    if (this.socket && this.socket.readyState === WebSocket.OPEN && this.identified) {
      this.socket.send(JSON.stringify(payload));
    } else {
      this.pending.push(payload);
    }
  }

  private open(resuming: boolean): void {
    window.clearTimeout(this.reconnectTimer);
    this.options.onStatus(resuming ? 'reconnecting' : 'connecting');
    const base = resuming && this.resumeUrl ? this.resumeUrl : this.options.gatewayUrl;
    const socket = new WebSocket(`${base.replace(/\/$/, '')}/?v=10&encoding=json`);
    this.socket = socket;
    this.identified = false;
    socket.onmessage = (event) => {
      if (this.socket !== socket) return;
      let payload: Payload;
      try {
        payload = JSON.parse(String(event.data)) as Payload;
      } catch {
        return;
      }
      this.handle(socket, payload);
    };
    socket.onclose = (event) => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.stopHeartbeat();
      if (this.stopped) return;
      if (event.code === 4004) {
        this.options.onStatus('closed');
        this.options.onAuthFailed();
        return;
      }
      if (FATAL_CLOSE_CODES.has(event.code)) {
        this.options.onStatus('closed');
        return;
      }
      // 4007 invalid seq and 4009 session timed out mean the session is gone: identify anew.
      if (event.code === 4007 || event.code === 4009) this.forgetSession();
      this.scheduleReconnect();
    };
  }

  private scheduleReconnect(): void {
    this.options.onStatus('reconnecting');
    // Back off 0.5 s, 1 s, 2 s ... up to 15 s, with jitter so many clients do not stampede.
    const delay = Math.min(15_000, 500 * 2 ** this.attempts) * (0.75 + Math.random() * 0.5);
    this.attempts = Math.min(this.attempts + 1, 6);
    this.reconnectTimer = window.setTimeout(() => this.open(this.sessionId !== null), delay);
  }

  private forgetSession(): void {
    this.sessionId = null;
    this.sequence = null;
    this.resumeUrl = null;
  }

  private handle(socket: WebSocket, payload: Payload): void {
    if (typeof payload.s === 'number') this.sequence = payload.s;
    switch (payload.op) {
      case Op.hello: {
        const interval = (payload.d as { heartbeat_interval: number }).heartbeat_interval;
        this.startHeartbeat(socket, interval);
        if (this.sessionId) {
          socket.send(JSON.stringify({
            op: Op.resume,
            d: { token: this.options.token, session_id: this.sessionId, seq: this.sequence },
          }));
        } else {
          this.identify(socket);
        }
        break;
      }
      case Op.heartbeat:
        socket.send(JSON.stringify({ op: Op.heartbeat, d: this.sequence }));
        break;
      case Op.heartbeatAck:
        this.awaitingAck = false;
        break;
      case Op.reconnect:
        // The server asks us to come back: close and resume on a new socket.
        this.dropSocket(socket, 4000);
        break;
      case Op.invalidSession: {
        const resumable = payload.d === true;
        if (!resumable) this.forgetSession();
        // Discord asks for a 1-5 s pause before identifying again.
        window.setTimeout(() => {
          if (this.socket !== socket) return;
          if (resumable && this.sessionId) {
            socket.send(JSON.stringify({
              op: Op.resume,
              d: { token: this.options.token, session_id: this.sessionId, seq: this.sequence },
            }));
          } else {
            this.identify(socket);
          }
        }, 1000 + Math.random() * 1000);
        break;
      }
      case Op.dispatch: {
        const type = payload.t ?? '';
        if (type === 'READY') {
          const ready = payload.d as { session_id: string; resume_gateway_url?: string };
          this.sessionId = ready.session_id;
          this.resumeUrl = ready.resume_gateway_url ?? null;
          this.markIdentified(socket);
        } else if (type === 'RESUMED') {
          this.markIdentified(socket);
        }
        this.options.onDispatch(type, payload.d);
        break;
      }
    }
  }

  private markIdentified(socket: WebSocket): void {
    this.identified = true;
    this.attempts = 0;
    this.options.onStatus('connected');
    const pending = this.pending;
    this.pending = [];
    for (const frame of pending) socket.send(JSON.stringify(frame));
  }

  private identify(socket: WebSocket): void {
    socket.send(JSON.stringify({
      op: Op.identify,
      d: {
        token: this.options.token,
        properties: { os: navigator.platform || 'web', browser: 'Accord Web', device: '' },
        presence: { status: 'online', since: null, activities: [], afk: false },
      },
    }));
  }

  private dropSocket(socket: WebSocket, code: number): void {
    if (this.socket !== socket) return;
    this.socket = null;
    this.stopHeartbeat();
    socket.close(code);
    if (!this.stopped) this.open(this.sessionId !== null);
  }

  private startHeartbeat(socket: WebSocket, interval: number): void {
    this.stopHeartbeat();
    this.awaitingAck = false;
    const beat = () => {
      if (this.awaitingAck) {
        // No ack since the last beat: the connection is a zombie. Resume on a fresh one.
        this.dropSocket(socket, 4000);
        return;
      }
      this.awaitingAck = true;
      socket.send(JSON.stringify({ op: Op.heartbeat, d: this.sequence }));
      this.heartbeatTimer = window.setTimeout(beat, interval);
    };
    // The first beat after interval * jitter, as Discord asks.
    this.heartbeatTimer = window.setTimeout(beat, interval * Math.random());
  }

  private stopHeartbeat(): void {
    window.clearTimeout(this.heartbeatTimer);
    this.heartbeatTimer = undefined;
  }
}
