import type Sentiment from 'sentiment';

export function analyzeAfinn(text: string): Sentiment.AnalysisResult;
