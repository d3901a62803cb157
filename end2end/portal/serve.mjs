// A tiny partner portal for trying the embedding by hand and for the end2end tests: serves
// portal.html / portal.js and mints tokens at /token?user=… the way a portal's back end would.
//
//   node end2end/portal/serve.mjs --app http://127.0.0.1:3000/ --secret-file SECRET [--port 8081]
//   then open http://127.0.0.1:8081/?user=viewer&app=http://127.0.0.1:3000/
// (start `insights serve --jwt-secret-file SECRET --portal-origin http://127.0.0.1:8081`).
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

/// Starts the portal on 127.0.0.1:`port` (0: any free port). `mint(user)` returns a token;
/// `pages` adds routes (path → HTML). Returns {url, origin, tokensMinted, stop}.
export async function startPortal({ mint, port = 0, pages = {} }) {
  const state = { tokensMinted: [] };
  const server = createServer((req, res) => {
    const u = new URL(req.url, 'http://portal');
    const send = (type, body) => {
      res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' });
      res.end(body);
    };
    if (u.pathname === '/' || u.pathname === '/portal.html') {
      send('text/html; charset=utf-8', readFileSync(path.join(here, 'portal.html')));
    } else if (u.pathname === '/portal.js') {
      send('text/javascript; charset=utf-8', readFileSync(path.join(here, 'portal.js')));
    } else if (u.pathname === '/token') {
      const user = u.searchParams.get('user') ?? 'executive';
      state.tokensMinted.push(user);
      send('text/plain', mint(user));
    } else if (pages[u.pathname]) {
      send('text/html; charset=utf-8', pages[u.pathname]);
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise((r) => server.listen(port, '127.0.0.1', r));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    url: origin, origin, state,
    stop: () => new Promise((r) => server.close(r)),
  };
}

// By hand: `insights token` for users named executive / viewer / viewer-<MPN>.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const arg = (name, fallback) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? process.argv[i + 1] : fallback;
  };
  const bin = arg('insights', 'insights');
  const secret = arg('secret-file', process.env.INSIGHTS_JWT_SECRET_FILE);
  const mint = (user) => {
    const [role, mpn] = user.split('-');
    const args = ['token', '--jwt-secret-file', secret, '--sub', `${user}@portal.example`, '--role', role, '--ttl', '600'];
    if (mpn) args.push('--mpn', mpn);
    return execFileSync(bin, args, { encoding: 'utf8' });
  };
  const p = await startPortal({ mint, port: Number(arg('port', '8081')) });
  console.log(`Example portal at ${p.url}/?user=viewer&app=${arg('app', 'http://127.0.0.1:3000/')}`);
}
