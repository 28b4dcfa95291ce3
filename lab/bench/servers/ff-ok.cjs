// The floor inside the Functions Framework: a bare FF function answering "ok", bundled and
// compile-cached as the API is (functions/fast-start/bundle.ts) and served by the framework's CLI, as a
// stock function is. What separates it from floor-ok is the framework alone.
require('@google-cloud/functions-framework').http('ok', (req, res) => res.end('ok'));
