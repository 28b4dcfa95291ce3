import type { ReadToken } from './tokens.ts';

/**
 * Whether a text is English, cheaply: the lexicon knows English words only, so a French or
 * Spanish text would be scored on the few tokens that happen to look English ("film",
 * "excelente" near "excellent") and get a confident wrong answer. Function words give a language
 * away in a handful of tokens (the classic stop-word method, e.g. Cavnar & Trenkle 1994 use such
 * high-frequency words as their strongest n-grams); letters of another script do it at once.
 * Words two of these languages share with English ("me", "a", "in", "die", "son") are left out.
 */

const ENGLISH = new Set(
  (
    "the and is are was were be been of to it its it's this that these those with for on at " +
    'i you he she we they my your our their not but or what which who how very have has had ' +
    'do does did will would can could should there here from by an as if so just really ' +
    "i'm don't didn't isn't"
  ).split(' '),
);

const OTHER = new Set(
  // French
  (
    "le la les est je tu il elle nous vous ils c'est ce cette ces et une des du pas très " +
    "vraiment avec pour sur dans qui mais où j'ai n'est suis sont été aussi " +
    // Spanish
    'el los las es y muy este esta estos pero con por para una yo usted está son fue ' +
    'también encanta gusta pero qué como ' +
    // German
    'der das und ist ich nicht ein eine sehr mit für auf sind auch aber wie ' +
    // Italian
    'il lo gli è e di che non sono molto questo questa della ma anche ' +
    // Portuguese
    'o os um uma não é muito isso isto com para mas também você ' +
    // Dutch
    'het een niet zijn ik ook maar wat'
  ).split(' '),
);

/** Letters of a script that English is not written in: Cyrillic, Greek, Arabic, Han, and so on. */
const NON_LATIN = /[^\P{L}\p{Script=Latin}]/u;

export function isEnglish(tokens: readonly ReadToken[]): boolean {
  let english = 0;
  let other = 0;
  let words = 0;
  let nonLatin = 0;
  let firstOther: string | undefined;
  let hasTwoOthers = false;
  for (const { token, isWord } of tokens) {
    if (!isWord) continue; // emoji and emoticons say nothing
    words += 1;
    // Latin letters, digits and marks all lie below U+0250; the script test is for the rest.
    if (hasCodeAbove(token, 0x24f) && NON_LATIN.test(token)) nonLatin += 1;
    else if (ENGLISH.has(token)) english += 1;
    else if (OTHER.has(token)) {
      other += 1;
      firstOther ??= token;
      hasTwoOthers ||= token !== firstOther;
    }
  }
  if (nonLatin * 2 > words) return false;
  // Two different foreign function words and more of them than English ones: one could be a name
  // or a loan, and one said over and over is a sound ("la la la love this song").
  return !(hasTwoOthers && other > english);
}

function hasCodeAbove(token: string, limit: number): boolean {
  for (let i = 0; i < token.length; i++) if (token.charCodeAt(i) > limit) return true;
  return false;
}
