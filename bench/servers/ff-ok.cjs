// The floor inside the Functions Framework: a bare FF function answering "ok", bundled and
// started exactly as the API is (functions/bundle.ts). What separates it from floor-ok is the
// framework alone.
require('@google-cloud/functions-framework').http('ok', (req, res) => res.end('ok'));
