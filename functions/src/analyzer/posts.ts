/**
 * What posts on social media carry that edited prose does not, for the reader (tokens.ts):
 * @mentions, links and "RT" markers, which say nothing about the writer's opinion, hashtags
 * written in camel case, and words stretched for emphasis ("goooood"). Each check runs only when
 * a cheap look at the characters around a word calls for it: reading is most of what the API
 * does per text.
 */

/** A handle as the platforms allow it: letters, digits and underscores. */
const MENTION = /@[\p{L}\p{N}_]+/uy;
/** A link with a scheme or "www.", up to the next space. */
const LINK = /(?:https?:\/\/|www\.)\S+/iy;
/**
 * A link without a scheme: dotted names ending in a common top-level domain, and any path.
 * Without the domain list "p.m." or "e.g." would be links; with it "good.come" is not one either.
 * Endings that are English words too count only with a path after them ("t.co/abc"): "bad.me and
 * my kids" and "Loved it.Us too" are sentences run together.
 */
const BARE_LINK =
  /[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.(?:(?:com|org|net|edu|gov|io|ly|tv|app|dev|info|uk)(?![\p{L}\p{N}])(?:\/\S*)?|(?:co|me|us)\/\S*)/iuy;
/** An e-mail address: its words name a mailbox, not an opinion ("complaints@acme.com"). */
const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+/uy;
/** "RT" with the mention of whom it repeats: the writer's own words have not begun. */
const RETWEET = /rt\s+@/iy;

/**
 * Where a mention, a link, an e-mail address or an "RT @" that starts at the word found at [start, end) ends, or
 * `start` when there is none. A mention is read from its "@", which no token includes.
 */
export function notOpinionUntil(text: string, start: number, end: number): number {
  // Character codes, not one-character strings: this runs for every word of every text.
  const before = text.charCodeAt(start - 1);
  const after = text.charCodeAt(end);
  if (before === AT && !/[\p{L}\p{N}]/u.test(text[start - 2] ?? ' ')) {
    return matchedEnd(MENTION, text, start - 1) ?? start;
  }
  // A word after a dot is inside a run the word before it was already tried from: trying again
  // from each word of "a.a.a…" scanned to the end of the run every time, quadratic in its length.
  if (before === DOT) return start;
  if (after === AT) return matchedEnd(EMAIL, text, start) ?? start;
  // Only a dot or colon with no space after it can be in a link: most are a sentence's end.
  if ((after === COLON || after === DOT) && !/[\s.]/.test(text[end + 1] ?? ' ')) {
    return (
      matchedEnd(LINK, text, start) ??
      matchedEnd(BARE_LINK, text, start) ??
      (after === DOT ? matchedEnd(EMAIL, text, start) : undefined) ??
      start
    );
  }
  if (end - start === 2 && (text.charCodeAt(start) | LOWER_CASE_BIT) === LOWER_R) {
    // Up to the "@", so that the mention is read, and skipped, as any other.
    const retweet = matchedEnd(RETWEET, text, start);
    return retweet === undefined ? start : retweet - 1;
  }
  return start;
}

const AT = 0x40; // @
const COLON = 0x3a;
const DOT = 0x2e;
const LOWER_R = 0x72;
/** ASCII letters differ from their capitals by this bit: "R" | 0x20 is "r". */
const LOWER_CASE_BIT = 0x20;

/** The patterns are sticky: each use sets where it starts, so no earlier use leaks into it. */
function matchedEnd(pattern: RegExp, text: string, at: number): number | undefined {
  pattern.lastIndex = at;
  return pattern.test(text) ? pattern.lastIndex : undefined;
}

/** A camel-case hashtag's words with where each starts in it: "NeverAgain" is "Never", "Again". */
export function hashtagWords(word: string): { word: string; offset: number }[] {
  const words: { word: string; offset: number }[] = [];
  let from = 0;
  for (let i = 1; i < word.length; i++) {
    if (isLower(word[i - 1]) && isUpper(word[i])) {
      words.push({ word: word.slice(from, i), offset: from });
      from = i;
    }
  }
  words.push({ word: word.slice(from), offset: from });
  return words;
}

const isLower = (char: string | undefined) => char !== undefined && /\p{Ll}/u.test(char);
const isUpper = (char: string | undefined) => char !== undefined && /\p{Lu}/u.test(char);

/**
 * Words whose spelling doubles the letter people stretch: "goooood" is "good", "sweeeet" is
 * "sweet". Every other stretched letter is read once ("sooo", "loooove", "nooooo", "yesss"),
 * which is how most words are spelled: a rule alone cannot tell "so" from "too", and the
 * reader reads the same for any weights, so it does not ask the lexicon.
 */
const DOUBLED = new Set(
  (
    'good cool soon sweet feel feeling feels need sleep week weekend food mood school noon moon ' +
    'too zoo boo see seen been free tree glee look looks looking book keep all ball call fall ' +
    'well will still till full hell yell kill really totally literally finally miss kiss boss ' +
    'less mess off stuff buzz jazz coffee sorry hurry happy yummy funny pretty little better ' +
    'hello dinner summer terrible horrible brilliant excellent annoying annoyed'
  ).split(' '),
);

/** The word a stretched spelling stands for; any other token as it is. */
export function unstretch(token: string): string {
  if (!isStretched(token)) return token;
  const doubled = token.replace(/(\p{L})\1{2,}/gu, '$1$1');
  return DOUBLED.has(doubled) ? doubled : token.replace(/(\p{L})\1{2,}/gu, '$1');
}

/** Whether a letter is typed three times in a row; by hand, as a regex per word costs more. */
function isStretched(token: string): boolean {
  let run = 1;
  for (let i = 1; i < token.length; i++) {
    run = token.charCodeAt(i) === token.charCodeAt(i - 1) ? run + 1 : 1;
    if (run === 3) return true;
  }
  return false;
}
