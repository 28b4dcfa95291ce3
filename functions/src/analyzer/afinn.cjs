// The stock AFINN-165 list of the `sentiment` package, loaded on first use: only
// SENTIMENT_LEXICON=afinn needs it, and loading it (its word lists, built into lookup tables)
// would otherwise be part of every cold start. CommonJS because a require inside a function is
// the one lazy load that is synchronous, both under Node and in the esbuild bundle, where it
// becomes a call to the bundled module's initialiser (functions/fast-start/bundle.ts).
let analyzer;

/** @param {string} text */
module.exports.analyzeAfinn = (text) => {
  analyzer ??= new (require('sentiment'))();
  return analyzer.analyze(text);
};
