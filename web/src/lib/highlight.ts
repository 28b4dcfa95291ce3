import type { WordWeight } from '@sentiment/functions/contract';

/** Splits a text into pieces, marking the words that carried its score with their weights. */

export interface Piece {
  readonly text: string;
  readonly weight?: number;
}

// Where the `sentiment` package splits words: white space and this punctuation (its tokenize.js).
const SEPARATORS = /([\s.,/#!?$%^&*;:{}=_`"~()]+)/;

export function highlight(text: string, words: readonly WordWeight[]): Piece[] {
  const pieces: Piece[] = [];
  let next = 0;
  // Scored words come in text order, so each one is the next word that spells its token.
  for (const part of text.split(SEPARATORS)) {
    const word = words[next];
    // The API reads typographic apostrophes as plain ones ("didn’t" is the token "didn't").
    if (word && part.toLowerCase().replace(/[\u2018\u2019\u02bc]/g, "'") === word.token) {
      pieces.push({ text: part, weight: word.weight });
      next++;
    } else if (part) {
      const last = pieces.at(-1);
      if (last && last.weight === undefined) pieces[pieces.length - 1] = { text: last.text + part };
      else pieces.push({ text: part });
    }
  }
  return pieces;
}
