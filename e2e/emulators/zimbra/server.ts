// HTTP front of the emulator (§1.1): SOAP at `POST /service/soap[/*]`, upload servlet, REST `/home/*` and
// `/service/home/*`, preauth, the web client's sign-in page at `/`; plus injected failures (HTML 500 pages,
// login pages where JSON was expected, dropped connections, bare statuses, SOAP faults, delays).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { authCookie, computePreauth } from './auth';
import { ZimbraFault, faultBody } from './faults';
import { handleRest, handleUpload, type PlainResponse } from './files';
import type { Push } from './push';
import { NS, handleSoap } from './soap';
import { child, isObject } from './values';
import type { FailureSpec, World } from './world';

export const LOGIN_PAGE =
  '<!DOCTYPE html>\n<html class="user_font_size_normal" lang="fr">\n<head>\n<meta http-equiv="Content-Type" content="text/html; charset=utf-8">\n' +
  '<title>Zimbra Web Client Sign In</title>\n<meta name="viewport" content="width=device-width, initial-scale=1.0">\n</head>\n' +
  '<body onload="onLoad();">\n<div class="LoginScreen">\n<form method="post" name="loginForm" action="/" accept-charset="UTF-8">\n' +
  '<input type="hidden" name="loginOp" value="login"/>\n<input id="username" name="username" type="text"/>\n' +
  '<input id="password" name="password" type="password"/>\n<input type="submit" class="ZLoginButton" value="Connexion"/>\n' +
  '</form>\n</div>\n</body>\n</html>\n';

function jettyError(status: number, message: string, path: string): string {
  return (
    `<html>\n<head>\n<meta http-equiv="Content-Type" content="text/html;charset=ISO-8859-1"/>\n<title>Error ${status} ${message}</title>\n</head>\n` +
    `<body><h2>HTTP ERROR ${status}</h2>\n<p>Problem accessing ${path}. Reason:\n<pre>    ${message}</pre></p><hr><a href="http://eclipse.org/jetty">Powered by Jetty://</a><hr/>\n</body>\n</html>\n`
  );
}

const STATUS_TEXT: Record<number, string> = {
  429: 'Too Many Requests',
  500: 'Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

function nginxError(status: number): string {
  const t = `${status} ${STATUS_TEXT[status] ?? 'Error'}`;
  return `<html>\r\n<head><title>${t}</title></head>\r\n<body>\r\n<center><h1>${t}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, r: PlainResponse, setCookies: string[] = []): void {
  if (res.destroyed) return;
  const headers: Record<string, string | string[]> = { ...r.headers };
  if (setCookies.length) headers['Set-Cookie'] = setCookies;
  const body = typeof r.body === 'string' ? Buffer.from(r.body) : r.body;
  headers['Content-Length'] = String(body.length);
  res.writeHead(r.status, headers);
  res.end(body);
}

function soapRequestName(raw: string): string | undefined {
  try {
    const env = JSON.parse(raw) as unknown;
    if (!isObject(env) || !isObject(env.Body)) return undefined;
    const body = env.Body;
    return Object.keys(body).find((k) => k !== '_jsns' && child(body[k]) !== undefined);
  } catch {
    return undefined;
  }
}

/** Applies an injected failure; returns true when the response has been handled (or dropped). */
async function applyFailure(
  world: World,
  f: FailureSpec,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
): Promise<boolean> {
  switch (f.kind) {
    case 'drop':
      req.socket.destroy();
      return true;
    case 'html500':
      send(res, {
        status: 500,
        headers: { 'Content-Type': 'text/html;charset=iso-8859-1' },
        body: jettyError(500, 'Server Error', path),
      });
      return true;
    case 'htmlLogin':
      send(res, { status: 200, headers: { 'Content-Type': 'text/html;charset=utf-8' }, body: LOGIN_PAGE });
      return true;
    case 'status': {
      const status = f.status ?? 503;
      send(res, { status, headers: { 'Content-Type': 'text/html' }, body: nginxError(status) });
      return true;
    }
    case 'fault': {
      const fault = new ZimbraFault(
        f.code ?? 'service.TEMPORARILY_UNAVAILABLE',
        f.reason ?? 'service temporarily unavailable',
        true,
      );
      const body = {
        Header: { context: { _jsns: NS.zimbra } },
        Body: { Fault: faultBody(fault, world.now()) },
        _jsns: NS.soap,
      };
      send(res, {
        status: 500,
        headers: { 'Content-Type': 'application/json;charset=utf-8' },
        body: JSON.stringify(body),
      });
      return true;
    }
    case 'delay':
      await new Promise((r) => setTimeout(r, f.delayMs ?? 1000));
      return false;
  }
}

export async function startHttp(world: World, push: Push, port: number): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    handle(world, push, req, res).catch((e: unknown) => {
      if (!res.headersSent && !res.destroyed) {
        send(res, {
          status: 500,
          headers: { 'Content-Type': 'text/html' },
          body: jettyError(500, String((e as Error).message), req.url ?? ''),
        });
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const { port: actual } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${actual}` };
}

async function handle(world: World, push: Push, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', world.baseUrl);
  const path = url.pathname;
  const method = req.method ?? 'GET';
  const body = await readBody(req);
  const log = {
    at: world.now(),
    method,
    path,
    requests: [] as string[],
    cookieToken: /ZM_AUTH_TOKEN=[^;]/.test(req.headers.cookie ?? ''),
    headerToken: false,
    status: 0,
  };
  world.log.push(log);
  res.on('finish', () => {
    log.status = res.statusCode;
  });

  if (path === '/service/soap' || path.startsWith('/service/soap/')) {
    const raw = body.toString('utf8');
    const name = soapRequestName(raw);
    log.requests = name ? [name] : [];
    log.headerToken = /"authToken"/.test(raw.slice(0, raw.indexOf('"Body"') > 0 ? raw.indexOf('"Body"') : raw.length));
    const failure = world.takeFailure('soap', name);
    if (failure && (await applyFailure(world, failure, req, res, path))) return;
    if (method !== 'POST') {
      send(res, {
        status: 405,
        headers: { 'Content-Type': 'text/html;charset=iso-8859-1' },
        body: jettyError(405, `HTTP method ${method} is not supported by this URL`, path),
      });
      return;
    }
    const controller = new AbortController();
    res.on('close', () => {
      if (!res.writableEnded) controller.abort();
    });
    const result = await handleSoap(world, push, req, raw, controller.signal);
    if (result.requestNames.length) log.requests = result.requestNames;
    send(
      res,
      {
        status: result.status,
        headers: { 'Content-Type': 'application/json;charset=utf-8', ...result.headers },
        body: JSON.stringify(result.body),
      },
      result.setCookies,
    );
    return;
  }

  if (path === '/service/upload') {
    const failure = world.takeFailure('upload');
    if (failure && (await applyFailure(world, failure, req, res, path))) return;
    if (method !== 'POST') {
      send(res, {
        status: 405,
        headers: { 'Content-Type': 'text/html' },
        body: jettyError(405, 'HTTP method GET is not supported by this URL', path),
      });
      return;
    }
    send(res, await handleUpload(world, req, url, body));
    return;
  }

  if (path.startsWith('/home/') || path.startsWith('/service/home/')) {
    const failure = world.takeFailure('rest');
    if (failure && (await applyFailure(world, failure, req, res, path))) return;
    if (method !== 'GET' && method !== 'HEAD') {
      send(res, {
        status: 405,
        headers: { 'Content-Type': 'text/html' },
        body: jettyError(405, `HTTP method ${method} is not emulated`, path),
      });
      return;
    }
    send(res, handleRest(world, req, url));
    return;
  }

  if (path === '/service/preauth') {
    const account = url.searchParams.get('account') ?? '';
    const by = url.searchParams.get('by') ?? 'name';
    const timestamp = Number(url.searchParams.get('timestamp'));
    const expires = Number(url.searchParams.get('expires') ?? '0');
    const given = (url.searchParams.get('preauth') ?? '').toLowerCase();
    const target = world.findAccount(account);
    const ok =
      target &&
      target.status === 'active' &&
      given === computePreauth(world.config.preAuthKey, account, by, expires, timestamp) &&
      Math.abs(world.now() - timestamp) <= 5 * 60_000;
    if (!ok) {
      send(res, {
        status: 400,
        headers: { 'Content-Type': 'text/html' },
        body: jettyError(400, 'preauth mismatch', path),
      });
      return;
    }
    const record = world.issueToken(target, 'full', world.config.authTokenLifetimeMs, false);
    const location = url.searchParams.get('redirectURL') ?? '/';
    send(res, { status: 302, headers: { Location: location, 'Content-Type': 'text/html' }, body: '' }, [
      authCookie(record.token, false, record.expiresAt),
    ]);
    return;
  }

  if (path === '/' && method === 'GET') {
    const failure = world.takeFailure('other');
    if (failure && (await applyFailure(world, failure, req, res, path))) return;
    send(res, { status: 200, headers: { 'Content-Type': 'text/html;charset=utf-8' }, body: LOGIN_PAGE });
    return;
  }

  send(res, {
    status: 404,
    headers: { 'Content-Type': 'text/html;charset=iso-8859-1' },
    body: jettyError(404, 'Not Found', path),
  });
}
