// The ceiling inside the Functions Framework: floor-work's job as a bare FF function, nothing
// of ours but the analyzer, bundled and compile-cached as the API is (functions/fast-start/bundle.ts) and
// served by the framework's CLI. Whatever separates this from floor-work is the framework: its
// CLI's server and its Express pipeline (the API keeps only the pipeline, functions/src/server.ts).
const ff = require('@google-cloud/functions-framework');
const { analyzeText } = require('@sentiment/functions/analyzer/analyze.ts');

ff.http('work', (req, res) => {
  const text = req.body?.text ?? '';
  res.json({ text, ...analyzeText(text) });
});
