// The two dev-only comparison analyzers ship no types; only what analyzers.ts calls is declared.

declare module 'vader-sentiment' {
  const vader: {
    SentimentIntensityAnalyzer: {
      polarity_scores(text: string): { neg: number; neu: number; pos: number; compound: number };
    };
  };
  export default vader;
}

declare module 'wink-sentiment' {
  export default function sentiment(text: string): { score: number; normalizedScore: number };
}
