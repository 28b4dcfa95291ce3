// The same work as POST /v1/score on bare node:http: read the JSON body, analyze, reply JSON.
import http from 'node:http';
import Sentiment from 'sentiment';

const analyzer = new Sentiment();

http
  .createServer((req, res) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      const { text } = JSON.parse(Buffer.concat(chunks).toString() || '{"text":""}');
      const result = analyzer.analyze(text ?? '');
      const body = JSON.stringify({
        text,
        score: result.score,
        comparative: result.comparative,
        words: result.calculation,
      });
      res.writeHead(200, { 'content-type': 'application/json' }).end(body);
    });
  })
  .listen(Number(process.env.PORT), '127.0.0.1');
