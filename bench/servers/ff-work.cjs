// The ceiling inside the Functions Framework: floor-work's job as a bare FF function, nothing
// of ours. Whatever separates this from floor-work is the framework's Express pipeline.
const ff = require('@google-cloud/functions-framework');
const Sentiment = require('sentiment');

const analyzer = new Sentiment();

ff.http('work', (req, res) => {
  const text = req.body?.text ?? '';
  const result = analyzer.analyze(text);
  res.json({
    text,
    score: result.score,
    comparative: result.comparative,
    words: result.calculation,
  });
});
