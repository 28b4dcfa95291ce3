// The floor: the least a Node HTTP server can do. Answers every request with "ok".
const http = require('node:http');

http
  .createServer((req, res) => {
    req.resume();
    req.on('end', () => res.end('ok'));
  })
  .listen(Number(process.env.PORT), '127.0.0.1');
