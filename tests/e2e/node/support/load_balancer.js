// A small TCP load balancer, as a cluster's clients would sit behind: each new connection goes to the
// first backend of the list that accepts a TCP connection, so a dead backend is skipped (a real load
// balancer's health check, reduced to "does it accept"). Bytes are passed through untouched, so HTTP
// and WebSocket upgrades both work. No npm packages.
import net from 'node:net';

// `backends`: URLs such as http://127.0.0.1:1234 (only host and port are used); change them later with
// setBackends. Every connection is logged in `routes` as { backend, upgrade, firstLine }: which backend
// took it, whether it was upgraded to a WebSocket, and its first request line.
export async function startLoadBalancer(backends = []) {
  let targets = backends.map(parseBackend);
  let holding = null;  // while set, new connections wait here (a load balancer still deciding)
  const routes = [];
  const sockets = new Set();

  const track = (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  };

  const forward = async (client) => {
    if (holding) await holding.promise;
    if (client.destroyed) return;
    for (const target of targets) {
      const backend = await connectOrNull(target);
      if (!backend) continue;
      if (client.destroyed) {
        backend.destroy();
        return;
      }
      track(backend);
      const route = { backend: target.url, upgrade: false, firstLine: '' };
      routes.push(route);
      // A client may send HTTP requests first and upgrade the same kept-alive connection later
      // (discord.py does), so every chunk is looked at until the upgrade shows.
      const sniff = (chunk) => {
        const text = chunk.toString('latin1');
        if (!route.firstLine) route.firstLine = text.split('\r\n', 1)[0];
        if (/^upgrade:\s*websocket/im.test(text)) {
          route.upgrade = true;
          client.off('data', sniff);
        }
      };
      client.on('data', sniff);
      splice(client, backend);
      client.resume();
      return;
    }
    client.destroy();  // no backend accepts: the client sees its connection closed
  };

  const server = net.createServer({ pauseOnConnect: true }, (client) => {
    track(client);
    client.on('error', () => {});
    forward(client);
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address();

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    routes,
    setBackends(urls) { targets = urls.map(parseBackend); },
    // New connections wait until release(); open ones carry on.
    hold() {
      if (holding) return;
      let release;
      const promise = new Promise((resolve) => { release = resolve; });
      holding = { promise, release };
    },
    release() {
      holding?.release();
      holding = null;
    },
    // Resets every open connection (both sides), as a crashed load balancer or network would.
    cutAll() {
      for (const socket of sockets) socket.resetAndDestroy();
    },
    async close() {
      this.release();
      await new Promise((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
    },
  };
}

function parseBackend(url) {
  const { hostname, port } = new URL(url);
  return { url, host: hostname, port: Number(port) };
}

// A connected socket to `target`, or null if it refuses or does not answer within a second.
function connectOrNull(target) {
  return new Promise((resolve) => {
    const socket = net.connect({ host: target.host, port: target.port });
    const fail = () => {
      socket.destroy();
      resolve(null);
    };
    const timer = setTimeout(fail, 1_000);
    socket.once('error', () => {
      clearTimeout(timer);
      fail();
    });
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.removeAllListeners('error');
      resolve(socket);
    });
  });
}

// Bytes both ways. An orderly close on one side ends the other; an error (a reset) on one side
// resets the other, so a client of a killed backend sees what it would see without us.
function splice(client, backend) {
  client.pipe(backend);
  backend.pipe(client);
  backend.on('error', () => client.destroy());
  client.on('error', () => backend.destroy());
  backend.once('close', (hadError) => { if (hadError) client.destroy(); });
  client.once('close', (hadError) => { if (hadError) backend.destroy(); });
}
