// The ceiling inside the Functions Framework: floor-work's job as a bare FF function, nothing
// of ours but the analyzer, bundled and started exactly as the API is (functions/bundle.ts).
// Whatever separates this from floor-work is the framework's Express pipeline.
const ff = require('@google-cloud/functions-framework');
const { analyzeText } = require('../../functions/src/sentiment.ts');

ff.http('work', (req, res) => {
  const text = req.body?.text ?? '';
  res.json({ text, ...analyzeText(text) });
});
