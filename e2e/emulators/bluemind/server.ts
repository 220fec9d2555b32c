// The HTTP front: the nginx vhost (brief §1.1) routing /api/ to the core, /eventbus/ to the event bus and the
// rest to the web front; plus the control API's injected failures.

import http from 'node:http';
import { dispatch, faultBody, nginxError, type ApiResponse } from './http.js';
import { type EventBus } from './eventbus.js';
import { type Router } from './router.js';
import { DOMAIN, type EmulatorState, type FailureMode } from './state.js';
import { loginPageHtml, type WebFront } from './web.js';

function injected(mode: Exclude<FailureMode, 'drop'>, state: EmulatorState): ApiResponse {
  switch (mode) {
    case 'html500':
      return {
        status: 500,
        headers: { 'Content-Type': 'text/html' },
        body: Buffer.from(
          '<!DOCTYPE html><html><head><title>Erreur 500</title></head><body><h1>Erreur interne du serveur</h1></body></html>',
        ),
      };
    case 'loginPage':
      return {
        status: 200,
        headers: { 'Content-Type': 'text/html; charset=utf-8' },
        body: Buffer.from(
          loginPageHtml(DOMAIN, `${state.baseUrl}/keycloak/realms/${DOMAIN}/login-actions/authenticate`, null),
        ),
      };
    case 'badGateway':
      return nginxError(502, 'Bad Gateway');
    case 'fault500':
      return {
        status: 500,
        headers: { 'Content-Type': 'application/json' },
        body: faultBody('UNKNOWN', 'injected failure'),
      };
    case 'timeout': {
      // A cancelled call reaches the HTTP layer as a serialised exception (brief §1.5 [I]).
      const message = 'timeout on request execution';
      return {
        status: 500,
        headers: {},
        body: Buffer.from(
          JSON.stringify({
            cause: null,
            stackTrace: [],
            code: 'UNKNOWN',
            message,
            localizedMessage: message,
            suppressed: [],
          }),
        ),
      };
    }
  }
}

const REQUEST_LOG_MAX = 10_000;

function lowerHeaders(req: http.IncomingMessage): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(req.headers)) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

export function createHttpServer(state: EmulatorState, router: Router, web: WebFront, bus: EventBus): http.Server {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const url = new URL(req.url ?? '/', 'http://127.0.0.1');
        const headers = lowerHeaders(req);
        const body = Buffer.concat(chunks);
        const method = req.method ?? 'GET';
        let response: ApiResponse;

        const failureIdx = state.failures.findIndex((f) => url.pathname.startsWith(f.pathPrefix));
        const failure = failureIdx >= 0 ? state.failures[failureIdx] : undefined;
        if (failure) {
          failure.remaining -= 1;
          if (failure.remaining <= 0) state.failures.splice(failureIdx, 1);
          if (failure.mode === 'drop') {
            req.socket.destroy();
            return;
          }
          response = injected(failure.mode, state);
        } else if (url.pathname === '/eventbus/info' || url.pathname === '/eventbus/info/') {
          response = bus.info();
        } else if (url.pathname.startsWith('/api/')) {
          response = await dispatch(state, router, {
            method,
            path: url.pathname,
            query: url.searchParams,
            headers,
            body,
            chunked: (headers['transfer-encoding'] ?? '').includes('chunked'),
          });
        } else {
          response = web.handle({ method, path: url.pathname, query: url.searchParams, headers, body });
        }

        if (url.pathname.startsWith('/api/')) {
          if (state.requestLog.length >= REQUEST_LOG_MAX) state.requestLog.shift();
          state.requestLog.push({
            method,
            path: url.pathname,
            query: url.search,
            accept: headers.accept,
            contentType: headers['content-type'],
            chunked: (headers['transfer-encoding'] ?? '').includes('chunked'),
            hasApiKey: !!(headers['x-bm-apikey'] ?? url.searchParams.get('apikey')),
            clientVersion: headers['x-bm-clientversion'],
            status: response.status,
          });
        }
        res.writeHead(response.status, response.headers);
        res.end(response.body);
      })().catch((e: unknown) => {
        res.writeHead(500, { 'Content-Type': 'application/json' });
        res.end(faultBody('UNKNOWN', String(e)));
      });
    });
  });
  server.on('upgrade', (req, socket, head) => {
    if (!bus.handleUpgrade(req, socket, head)) socket.destroy();
  });
  return server;
}
