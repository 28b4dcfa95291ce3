// The same work as POST /v1/score on bare node:http: read the JSON body, analyze it with the
// API's own analyzer, reply JSON. lab/bench/servers.ts bundles it the way the API is bundled.
const http = require('node:http');
const { analyzeText } = require('@sentiment/functions/analyzer/analyze.ts');

http
  .createServer((req, res) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      const { text = '' } = JSON.parse(Buffer.concat(chunks).toString() || '{}');
      const body = JSON.stringify({ text, ...analyzeText(text) });
      res.writeHead(200, { 'content-type': 'application/json' }).end(body);
    });
  })
  .listen(Number(process.env.PORT), '127.0.0.1');
