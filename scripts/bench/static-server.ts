import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

/**
 * The static baseline when nginx is not installed: node:http answering every request with one
 * fixed buffer (the article page's bytes as Dateline sent them). Usage: PORT FILE CONTENT-TYPE [CONTENT-ENCODING]
 */
const [port, file, contentType, contentEncoding] = process.argv.slice(2);
if (!port || !file || !contentType) {
  process.stderr.write('usage: static-server.ts PORT FILE CONTENT-TYPE [CONTENT-ENCODING]\n');
  process.exit(2);
}
const body = readFileSync(file);
const headers: Record<string, string> = { 'content-type': contentType, 'content-length': String(body.length) };
if (contentEncoding) headers['content-encoding'] = contentEncoding;

const server = createServer((_req, res) => {
  res.writeHead(200, headers);
  res.end(body);
});
server.listen(Number(port), '127.0.0.1', () => process.stdout.write(`listening on ${port}\n`));
process.once('SIGTERM', () => server.close(() => process.exit(0)));
