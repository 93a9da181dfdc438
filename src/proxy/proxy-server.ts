/**
 * The HTTPS proxy mode (docs/proxy.md): an explicit HTTP proxy for clients that cannot change their URL. A
 * `CONNECT graph.microsoft.com:443` is answered `200`, and TLS is ended on that socket with a certificate for
 * the host issued by the mock's CA; the requests inside go to the same app as the mock's own ports
 * (`app.routing`), marked with the host they were proxied for (lib/proxied.ts). Plain-HTTP absolute-form
 * requests (`GET http://graph.microsoft.com/v1.0/…`) are served the same way.
 *
 * It never forwards anything and never opens a connection of its own: a host it does not answer for is
 * refused with `403` naming the host and `--proxy-hosts`. A client's mistakes (a malformed request line, a
 * TLS handshake that fails, a reset) end in a clear answer or a quiet close of that socket only.
 */
import { STATUS_CODES, createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { TLSSocket, createSecureContext, type SecureContext } from 'node:tls';
import { PROXIED_HEADER, proxiedMarker } from '../lib/proxied.js';

export interface ProxyOptions {
  /** The host names answered for, lower case (proxy/hosts.ts). */
  hosts: readonly string[];
  /** A PEM certificate for a host, signed by the mock's CA, for `keyPem`'s key (identity/key-material.ts). */
  issueLeaf: (host: string) => Promise<string>;
  keyPem: string;
  /** The app's request handler (`app.routing`). */
  handle: (req: IncomingMessage, res: ServerResponse) => void;
  /** A problem of the proxy itself (a certificate it could not make), for the log. */
  onError?: (message: string) => void;
  /** For tests: Node's `headersTimeout` inside the tunnels and how often it is checked (defaults: Node's, 60 s and 30 s). */
  timeouts?: { headersMs: number; checkEveryMs: number };
}

export interface RunningProxy {
  server: Server;
  port: number;
  close(): Promise<void>;
}

/** A tunnel whose TLS handshake has not finished by then is closed (a client that connected and went quiet). */
const HANDSHAKE_TIMEOUT_MS = 30_000;

/** Headers meant for the proxy, not the service behind it (RFC 9110 7.6.1, https://www.rfc-editor.org/rfc/rfc9110#section-7.6.1). */
const PROXY_HEADERS = ['proxy-authorization', 'proxy-connection'];

export async function startProxy(opts: ProxyOptions, port: number, host: string): Promise<RunningProxy> {
  const hosts = new Set(opts.hosts);
  const contexts = new Map<string, Promise<SecureContext>>();
  const tunnels = new Set<Duplex>();
  /** The host each tunnel's TLS socket was opened for. */
  const tunnelHost = new WeakMap<object, string>();

  const contextFor = (name: string): Promise<SecureContext> => {
    let ctx = contexts.get(name);
    if (!ctx) {
      // `ca: []`: no trust store to load (server.ts says why).
      ctx = opts.issueLeaf(name).then((cert) => createSecureContext({ key: opts.keyPem, cert, ca: [] }));
      ctx.catch(() => contexts.delete(name)); // tried again on the next CONNECT
      contexts.set(name, ctx);
    }
    return ctx;
  };

  const serve = (req: IncomingMessage, res: ServerResponse, proxiedFor: string) => {
    for (const h of PROXY_HEADERS) delete req.headers[h];
    req.headers[PROXIED_HEADER] = proxiedMarker(proxiedFor);
    opts.handle(req, res);
  };

  // Requests inside the tunnels: origin-form, as to any HTTPS server. Never listens itself.
  const inner = createServer({
    ...(opts.timeouts ? { headersTimeout: opts.timeouts.headersMs, connectionsCheckingInterval: opts.timeouts.checkEveryMs } : {}),
  }, (req, res) => {
    const name = tunnelHost.get(req.socket);
    if (name === undefined) return refuse(res, 400, 'not a proxied connection');
    // The tunnel's host wins: it is what the client asked the proxy for and what the certificate names, and the
    // journal's `proxy`. A `Host` naming it otherwise (case, a trailing dot, `:443`) is spelled as the proxy knows
    // it, so links and the issuer are `https://graph.microsoft.com/…` exactly; one naming another host or port is a
    // request sent down the wrong connection: 421 Misdirected Request (RFC 9110 15.5.20,
    // https://www.rfc-editor.org/rfc/rfc9110#section-15.5.20), never links to `localhost` under Graph's certificate.
    const asked = req.headers.host;
    if (asked !== undefined && !namesHost(asked, name)) {
      return refuse(res, 421, `This connection is a tunnel to ${name} (its CONNECT), but the request's Host is '${clip(asked)}': send it through a tunnel to that host.`);
    }
    req.headers.host = name;
    serve(req, res, name);
  });
  // Node enforces `headersTimeout` and `requestTimeout` (the guard against a client that sends its request slowly,
  // or nothing at all, and keeps the socket forever) only on the connections of a server that has emitted
  // 'listening': that starts its connection tracking and the periodic check (node:_http_server
  // setupConnectionsTracking). This server never listens, so without this a tunnel whose client went quiet after
  // the handshake stayed open for good; with it the tunnels are held to the same limits as the mock's own ports,
  // and `closeAllConnections` below reaches them. The check's timer is unref'd and stopped by `close`.
  inner.emit('listening');

  const outer = createServer((req, res) => {
    const url = req.url ?? '';
    if (url.startsWith('/') || url === '*') {
      return refuse(res, 400, `This port is intune-mock's HTTP proxy (docs/proxy.md), not the API: set it as your client's proxy (HTTPS_PROXY=http://${req.headers.host ?? 'this-address'}), or call the mock's own HTTP or HTTPS port.`);
    }
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      return refuse(res, 400, `'${clip(url)}' is not an absolute http:// URL.`);
    }
    if (target.protocol !== 'http:') return refuse(res, 400, `The proxy serves http:// URLs directly and https:// through CONNECT, not '${clip(target.protocol)}'.`);
    const name = target.hostname.toLowerCase().replace(/\.$/, '');
    if (!hosts.has(name)) return refuse(res, 403, refusal(name));
    if (target.port !== '') return refuse(res, 403, `The proxy answers ${name} on its default port only, not ${target.port}.`);
    // Origin-form for the app; the Host is the URL's (RFC 9112 3.2.2: a proxy uses the target's authority).
    req.url = `${target.pathname}${target.search}`;
    req.headers.host = name; // spelled as the proxy knows it: no trailing dot, no default port
    serve(req, res, name);
  });

  let closing = false;
  outer.on('connect', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    // Tracked from the start, not from the 200: `close` must also end a CONNECT still waiting for its certificate.
    tunnels.add(socket);
    socket.once('close', () => tunnels.delete(socket));
    const parsed = authority(req.url ?? '');
    if (!parsed) return refuseSocket(socket, 400, `A CONNECT names host:port (e.g. CONNECT graph.microsoft.com:443), not '${clip(req.url ?? '')}'.`);
    const { name, port: targetPort } = parsed;
    if (!hosts.has(name)) return refuseSocket(socket, 403, refusal(name));
    if (targetPort !== 443) return refuseSocket(socket, 403, `The proxy answers ${name} on port 443 only, not ${targetPort}.`);
    contextFor(name).then(
      (secureContext) => {
        if (socket.destroyed) return;
        if (closing) return void socket.destroy();
        socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        if (head.length > 0) socket.unshift(head);
        const tls = new TLSSocket(socket as Socket, { isServer: true, secureContext, ALPNProtocols: ['http/1.1'] });
        // A failed handshake (a client that does not trust the CA) or a reset: that tunnel closes, nothing else.
        tls.on('error', () => tls.destroy());
        const timer = setTimeout(() => tls.destroy(), HANDSHAKE_TIMEOUT_MS);
        timer.unref();
        tls.once('secure', () => clearTimeout(timer));
        tls.once('close', () => clearTimeout(timer));
        tunnelHost.set(tls, name);
        inner.emit('connection', tls);
      },
      (err: unknown) => {
        opts.onError?.(`the proxy could not make a certificate for ${name}: ${(err as Error).message}`);
        refuseSocket(socket, 502, `The proxy could not make a certificate for ${name}.`);
      },
    );
  });

  // A request line the HTTP parser cannot read (a garbled CONNECT): 400 and close; a reset: close.
  outer.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    if (err.code === 'ECONNRESET' || !socket.writable) return socket.destroy();
    refuseSocket(socket, 400, 'The proxy could not read this request.');
  });

  await new Promise<void>((resolve, reject) => {
    outer.once('error', reject);
    outer.listen(port, host, () => {
      outer.off('error', reject);
      resolve();
    });
  });
  return {
    server: outer,
    port: (outer.address() as AddressInfo).port,
    close: async () => {
      closing = true;
      await new Promise<void>((resolve) => {
        outer.close(() => resolve());
        outer.closeAllConnections();
        inner.closeAllConnections();
        inner.close(() => {}); // never listened: this only stops its timers
        for (const t of tunnels) t.destroy();
      });
    },
  };
}

/** `host:port` of a CONNECT (a bracketed IPv6 address too); undefined if it is not one. */
function authority(target: string): { name: string; port: number } | undefined {
  const m = /^(\[[0-9a-fA-F:.]+\]|[^\s:/?#@[\]]+):(\d{1,5})$/.exec(target);
  if (!m) return undefined;
  const port = Number(m[2]);
  if (port < 1 || port > 65535) return undefined;
  return { name: m[1]!.toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, ''), port };
}

/** Whether a `Host` header names `name` on port 443: any case, a trailing dot, `:443` or no port. */
function namesHost(hostHeader: string, name: string): boolean {
  const m = /^([^:]*?)\.?(?::(\d*))?$/.exec(hostHeader.trim().toLowerCase());
  return m !== null && m[1] === name && (m[2] === undefined || m[2] === '' || m[2] === '443');
}

function refusal(name: string): string {
  return `intune-mock's proxy answers only for Microsoft Graph and Entra ID hosts and --proxy-hosts; it never forwards anywhere (docs/proxy.md). '${clip(name)}' is not one of them: add it with --proxy-hosts ${clip(name)} (INTUNE_MOCK_PROXY_HOSTS), or let this client reach it directly (NO_PROXY=${clip(name)}).`;
}

const clip = (s: string): string => (s.length > 200 ? `${s.slice(0, 200)}…` : s).replace(/[^\x20-\x7e]/g, '?');

function refuse(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'x-mock-proxy': 'refused' });
  res.end(`${message}\n`);
}

/** An answer written on a raw socket (a CONNECT's, or one the parser gave up on), then closed. */
function refuseSocket(socket: Duplex, status: number, message: string): void {
  const body = `${message}\n`;
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nX-Mock-Proxy: refused\r\nConnection: close\r\n\r\n${body}`,
  );
}
