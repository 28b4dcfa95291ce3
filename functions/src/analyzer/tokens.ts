/**
 * How the learned lexicon reads a text: one implementation, which the API runs and training
 * (lab/training/features.ts) imports, so a trained weight is the weight the API applies.
 * It splits words, emoji and emoticons; ends a clause at punctuation; joins the training corpus's
 * split contractions (`does n't`, `it 's`) to the form people type; puts every token after a
 * negator in its scope up to the end of its clause (punctuation, a "but", a new clause); halves
 * what comes before the last "but" (or "however") and the clause an "although" opens; reads an
 * unmet expectation ("could have been") as a negation; and makes a word after an intensifier
 * count more. It reads posts as people write them (posts.ts): no @mention, link or "RT", a
 * hashtag as its words, a stretched word as the word.
 */

import { hashtagWords, notOpinionUntil, unstretch } from './posts.ts';

/**
 * Tokens before the last "but" (or "however": CLAUSE_ROLES) and in a conceded clause count this
 * much: "good acting, but a dull film" and "although the acting is good, a dull film" are negative.
 */
export const BEFORE_BUT = 0.5;

/**
 * A token right after an intensifier counts this much more ("extremely bad" is worse than
 * "bad"); the words are VADER's booster list (vaderSentiment.py BOOSTER_DICT, the increasing
 * ones), the factor near its B_INCR of 0.293 on a typical valence of 2.
 */
export const BOOST = 1.15;

const BOOSTERS = new Set(
  (
    'absolutely amazingly awfully completely considerably decidedly deeply enormously entirely ' +
    'especially exceptionally extremely fabulously greatly highly hugely incredibly intensely ' +
    'particularly purely quite really remarkably so substantially thoroughly totally ' +
    'tremendously unbelievably unusually utterly very'
  ).split(' '),
);

/**
 * Function words (articles, pronouns, auxiliaries, prepositions, conjunctions, quantifiers)
 * carry no weight of their own, only as half of a bigram with a content word ("love it"), and a
 * bigram of two of them ("it was", "at all") carries none: their pull towards one
 * label in film reviews ("was" leans negative in SST-2) is not evidence about what someone
 * pastes, and marking them makes the explanation look arbitrary.
 */
const FUNCTION_WORDS = new Set(
  (
    'a an the and or of to in on at by for with from as into onto about than then is are was ' +
    "were be been being am it its it's this that these those there here i i'm i've i'd you " +
    "you're he he's she she's we we're they they're me him her us them my your his our their " +
    'do does did has have had having will would shall should can could may might must which ' +
    'who whom what when where how if but because while though although all any some each ' +
    'every both either ' +
    // a pronoun with its auxiliary: "We'll be back" is a verdict for its "be back", not for "we'll"
    "i'll we'll you'll he'll she'll it'll they'll we'd you'd he'd she'd they'd we've you've they've " +
    // as typed without the apostrophe, and the texting spellings of "you" and "your"
    'im ive youre hes shes theyre u ur'
  ).split(' '),
);

/**
 * "like" is the verb after one of these or after "not"/"never" after one ("I like", "don't like",
 * "I do not like", "would never like"), and elsewhere the preposition ("feels like a chore", "not
 * like other films"), read as a function word. SST-2's "like" is mostly the preposition: in a
 * negation it gave the negated verb a positive weight ("I do not like this phone." came out
 * positive), and outside one the comparisons' negative lean made the verb worth almost nothing
 * and marked "It looks like a chair." negative.
 */
const BEFORE_VERB_LIKE = new Set([
  ...(
    "i you we they people i'd you'd we'd they'd would to do does did don't doesn't didn't " +
    "won't wouldn't dont doesnt didnt wont really also still just truly actually"
  ).split(' '),
  // a unit of an unmet expectation (COUNTERFACTUALS): "It was supposed to like ..."
  'supposed to',
]);

function isPrepositionLike(before: string | undefined, beforeThat: string | undefined): boolean {
  if (before !== undefined && BEFORE_VERB_LIKE.has(before)) return false;
  const isNegatedVerb =
    (before === 'not' || before === 'never') &&
    beforeThat !== undefined &&
    BEFORE_VERB_LIKE.has(beforeThat);
  return !isNegatedVerb;
}

export interface ReadToken {
  /** Lower-cased, with typographic apostrophes made plain; emoticons as typed. */
  readonly token: string;
  /** False for an emoji or an emoticon. */
  readonly isWord: boolean;
  /** An article, pronoun, auxiliary or preposition: see FUNCTION_WORDS. */
  readonly isFunctionWord: boolean;
  /** A rating ("9/10", "4 out of 5", "5 stars"), read as its score out of 10: see ratingAt. */
  readonly isRating: boolean;
  /** Where it is in the text as given, in UTF-16 code units: [start, end). */
  readonly start: number;
  readonly end: number;
  /** The token before it in the same clause: the first half of its bigram. */
  readonly previous: string | undefined;
  /** Whether it is in a negator's scope (the negator itself is not). */
  readonly isNegated: boolean;
  /** The index of the first token of the unit it is explained in: its negator, or itself. */
  readonly unit: number;
  /** Whether it comes after an intensifier ("very", "so"). */
  readonly isBoosted: boolean;
  /**
   * Whether a contrast weighs it down: it comes before the text's last "but" (or "however":
   * CLAUSE_ROLES), or in the clause an "although" opens.
   */
  readonly isBeforeBut: boolean;
  /** BEFORE_BUT where isBeforeBut, else 1; times BOOST after an intensifier. */
  readonly scale: number;
}

const NEGATORS = new Set([
  'not',
  'no',
  'never',
  'nothing',
  'nobody',
  'none',
  'nor',
  'neither',
  'without',
  'hardly',
  'cannot',
  // typed without the apostrophe
  'cant',
  'dont',
  'doesnt',
  'didnt',
  'isnt',
  'wasnt',
  'wont',
  'arent',
  'werent',
  'couldnt',
  'wouldnt',
  'shouldnt',
  'havent',
  'hasnt',
  'hadnt',
  'aint',
  'non',
]);

function isNegator(token: string): boolean {
  return NEGATORS.has(token) || token.endsWith("n't") || NEGATING_UNITS.has(token);
}

/**
 * One alternative per kind of token, tried in this order at each place: a word (or a split
 * contraction, `'s`), an emoji, clause-ending punctuation, and a run of the marks emoticons are
 * made of, which `runKind` sorts into a face, a clause end or nothing. Kept free of look-behinds,
 * which would be tried at every character: reading is most of what the API does per text.
 * Emoji variation selectors, skin tones and joiners match nothing and are skipped: 👍🏽 reads as 👍.
 */
const tokenPattern = (letter: string, letterOrDigit: string, emoji: string) =>
  String.raw`(['\u2019](?:s|re|ve|ll|d|m)(?![${letterOrDigit}])|` +
  String.raw`[${letter}]+(?:['\u2019\u02bc-][${letter}]+)*)|(${emoji})|` +
  String.raw`([.,!?\u2026]+|\s--?\s|[\u2013\u2014])|` +
  String.raw`([:;=<>()[\]/\\|*^'\u2019-]+(?:[dDpPoO03](?![${letterOrDigit}]))?)`;

export const TOKEN = new RegExp(
  tokenPattern('\\p{L}\\p{M}\\p{N}', '\\p{L}\\p{N}', '\\p{Extended_Pictographic}'),
  'gu',
);
/**
 * TOKEN for a text of ASCII characters only, where \p{L} is [A-Za-z], \p{N} is [0-9], and no
 * character is a mark or an emoji (an emoji group that matches nothing keeps the groups' places).
 * V8 compiles a regex at its first use, and the Unicode classes made that about a millisecond of
 * the first request after a scale from zero; most texts are ASCII, and this one compiles in a
 * fraction of the time. A test reads the dev sets with both.
 */
export const ASCII_TOKEN = new RegExp(tokenPattern('A-Za-z0-9', 'A-Za-z0-9', '[^\\s\\S]'), 'g');

/** A character beyond ASCII (a surrogate of an emoji too): a regex scans for it faster than a loop. */
const BEYOND_ASCII = /[\u0080-\uffff]/;

const FACE = /^(?:[<>]?[:;=][-o'^*]?[)(\][dDpP/\\|*3@oO0]|[)(\][dD]?[-o'^]?[:;=]|<\/?3)$/;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
/**
 * Whether a token has an ASCII digit (what `/\d/` matches): one with a digit (a time, a price, a
 * size, a rating) is read as a function word: it carries no weight of its own, only in a bigram
 * with a content word. Learned alone, "15" leaned positive and made "The train leaves at 7:15
 * from platform 4." an opinion. A loop over character codes: a regex per token cost more.
 */
export function hasDigit(token: string): boolean {
  for (let i = 0; i < token.length; i++) {
    const code = token.charCodeAt(i);
    if (code >= DIGIT_0 && code <= DIGIT_9) return true;
  }
  return false;
}

const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;

/**
 * A face needs no letter or digit against it, so "3:30" and "http://" are not faces; a run with
 * a colon or semicolon that is not a face ends a clause, as in "Note: it works".
 */
function runKind(text: string, start: number, run: string): 'face' | 'clause' | 'none' {
  const isAlone =
    !LETTER_OR_DIGIT.test(text[start - 1] ?? ' ') &&
    !LETTER_OR_DIGIT.test(text[start + run.length] ?? ' ');
  if (isAlone && FACE.test(run)) return 'face';
  return /[:;]/.test(run) ? 'clause' : 'none';
}

/**
 * A contraction the training corpus writes apart from its word, and people write joined. The
 * first character rules out almost every word before the regex runs: this is asked of each one.
 */
const isSplitSuffix = (token: string) => {
  const first = token.charCodeAt(0);
  return (first === APOSTROPHE || first === LOWER_N) && /^(?:n't|'(?:s|re|ve|ll|d|m))$/.test(token);
};

const APOSTROPHE = 0x27;
const LOWER_N = 0x6e;

/** Whether a token is one of these words. */
const isOneOf =
  (...words: string[]) =>
  (token: string) =>
    words.includes(token);

const isCannot = isOneOf("can't", 'cannot', 'cant');
const isCouldNot = isOneOf("couldn't", 'couldnt', "can't", 'cannot', 'cant');
const isBeOrGo = isOneOf('be', 'go', 'going', 'come', 'coming');
const isComing = isOneOf('going', 'coming');
const isBe = isOneOf('be');
const isBeen = isOneOf('been');
const isHave = isOneOf('have');
const isDont = isOneOf("don't", 'dont');
const isThumbs = isOneOf('thumbs');
const WILL = ['will', "i'll", "we'll"];
const isWill = isOneOf(...WILL);
const isWillOrWould = isOneOf(...WILL, 'would', "i'd", "we'd");
const isGoOrCome = isOneOf('go', 'come');
const isSurely = isOneOf('definitely', 'surely', 'certainly', 'probably', 'absolutely');
const isPatronising = isOneOf(
  ...'buy order use go come return eat stay shop visit purchase recommend'.split(' '),
);
const isObject = isOneOf('it', 'this', 'them', 'here', 'there');
const isExpected = isOneOf('expected', 'expecting');
const isPerfect = isOneOf(..."have has i've we've you've they've he's she's".split(' '));
const isCount = isOneOf('1', '2', 'one', 'two');
const JOINED_NOT = new Map([
  ['can', "can't"],
  ['could', "couldn't"],
  ['do', "don't"],
]);

interface Idiom {
  /** The unit's token, as idiom-valence.tsv scores it. */
  readonly unit: string;
  /** What each word before the last must be, nearest first. */
  readonly before: readonly ((token: string) => boolean)[];
  /** Only as the first words of a clause: "Don't buy it" advises, "I don't buy it" does not. */
  readonly isOpening?: boolean;
  /**
   * Only from the writer (I, we) or with no subject: "We won't be back" is a verdict, "The bus
   * won't be back until noon" a plain statement.
   */
  readonly isWritersOwn?: boolean;
}

/**
 * "just what I needed" and "not what I needed"; `between`: what must come between "I" and the
 * last word ("was looking" before "for"), nearest first.
 */
function whatINeeded(between: readonly ((token: string) => boolean)[]): Idiom[] {
  const whatI = [...between, isOneOf('i', 'we'), isOneOf('what')];
  return [
    { unit: 'just what i needed', before: [...whatI, isOneOf('exactly', 'just', 'precisely')] },
    { unit: 'not what i needed', before: [...whatI, isNegator] },
  ];
}

/** What a thing does that fails at its job, by the verb and its other forms (IDIOMS). */
const FAILURES: Readonly<Record<string, readonly string[]>> = {
  work: ['works', 'worked', 'working'],
  last: ['lasts', 'lasted'],
  connect: ['connects', 'connected', 'connecting'],
};

/** What may come before an opening idiom and leave it an opening: "Please don't waste ...". */
const LEAD_INS = new Set('please just honestly seriously really so and'.split(' '));

/** The words a clause may have before the writer's own idiom: its subject, adverbs, "will". */
const WRITERS_OWN = new Set(
  "i we i'll we'll i'd we'd will would definitely probably certainly surely just really so and then sadly honestly".split(
    ' ',
  ),
);

/**
 * Idioms read as one unit each, keyed by their last word. Word by word a negator's own learned
 * weight and scope read them wrong: "I can't wait" as a negation of "wait"; "No complaints" and
 * "Never again" as next to nothing, since SST-2 has too few of them to learn; "It is not worth the
 * money" as praise, from SST-2's "worth the" ("worth the price of admission"), a pair learned
 * outside a negation. A unit opens no negator's scope, and its weight is a curated prior
 * (lab/data/sentiment/idiom-valence.tsv). "can not", "could not" and "do not" count as "can't",
 * "couldn't" and "don't". Three general readings measured instead (a pair inside a negation
 * weighed apart, or not at all, or negators with no weight of their own) each cost the review sets
 * about a point.
 */
const IDIOMS = byLastWord([
  ['wait', [{ unit: "can't wait", before: [isCannot] }]],
  ['complain', [{ unit: "can't complain", before: [isCannot] }]],
  [
    'again',
    [
      { unit: 'never again', before: [isOneOf('never')] },
      // "Won't buy again", "will not order it again": the writer's own "never again".
      { unit: 'never again', before: [isPatronising, isNegator], isWritersOwn: true },
      { unit: 'never again', before: [isObject, isPatronising, isNegator], isWritersOwn: true },
      // The writer's "will be back" said with the verb: "Would buy again", "Will order it again".
      { unit: 'will be back', before: [isPatronising, isWillOrWould], isWritersOwn: true },
      {
        unit: 'will be back',
        before: [isObject, isPatronising, isWillOrWould],
        isWritersOwn: true,
      },
    ],
  ],
  ['complaints', [{ unit: 'no complaints', before: [isOneOf('no')] }]],
  // "Not a single complaint", "not one complaint": the negated "single" and "one" learned to
  // lean negative, so word by word the praise read as a complaint.
  [
    'complaint',
    [
      { unit: 'no complaints', before: [isOneOf('no')] },
      { unit: 'no complaints', before: [isOneOf('one'), isOneOf('not')] },
      { unit: 'no complaints', before: [isOneOf('single'), isOneOf('a'), isOneOf('not')] },
    ],
  ],
  // "Had no problems with it", "No issues so far": "no" and "problems" each lean negative.
  ...['problem', 'problems', 'issue', 'issues'].map((word): [string, Idiom[]] => [
    word,
    [{ unit: 'no problems', before: [isOneOf('no')] }],
  ]),
  // "It never worked.", "Nothing works.", "Not working.", "It no longer works.", "Didn't last a
  // week.", "Doesn't connect.": a thing that fails at its job, in every form of the verb. Word by
  // word only a negated base form had learned a weight, if any, so most were plain statements,
  // answered neutral. Each still negates what follows (NEGATING_UNITS): "didn't work very well"
  // praises nothing.
  ...Object.entries(FAILURES).flatMap(([verb, forms]) =>
    [verb, ...forms].map((word): [string, Idiom[]] => [
      word,
      [
        { unit: `doesn't ${verb}`, before: [isOneOf('longer'), isOneOf('no')] },
        { unit: `doesn't ${verb}`, before: [isNegator] },
      ],
    ]),
  ),
  // "I have no regrets": "no" and "regrets" each lean negative.
  ...['regret', 'regrets'].map((word): [string, Idiom[]] => [
    word,
    [{ unit: 'no regrets', before: [isOneOf('no')] }],
  ]),
  // "I would not hesitate to recommend it": word by word a negation that took "recommend" with it.
  ['hesitate', [{ unit: 'not hesitate', before: [isNegator], isWritersOwn: true }]],
  // "Staff went above and beyond.": word by word "went" leaned negative and "above" positive.
  [
    'beyond',
    [
      {
        unit: 'above and beyond',
        before: [
          isOneOf('and'),
          isOneOf('above'),
          isOneOf(...'go goes going went gone'.split(' ')),
        ],
      },
      { unit: 'above and beyond', before: [isOneOf('and'), isOneOf('above')] },
    ],
  ],
  // "Check-in took forever.", "We waited forever for our food": far too slow.
  [
    'forever',
    [
      {
        unit: 'took forever',
        before: [isOneOf(...'take takes took taking wait waits waited waiting'.split(' '))],
      },
    ],
  ],
  // "If you want a good pizza, look no further."
  ['further', [{ unit: 'look no further', before: [isOneOf('no'), isOneOf('look')] }]],
  ['special', [{ unit: 'nothing special', before: [isOneOf('nothing')] }]],
  [
    'about',
    [
      {
        unit: 'nothing to write home about',
        before: ['home', 'write', 'to', 'nothing'].map((word) => isOneOf(word)),
      },
    ],
  ],
  // "I was expecting more.", "Hoped for more.": a letdown, where each word alone is plain.
  [
    'more',
    [
      { unit: 'expected more', before: [isOneOf('for'), isOneOf('hoped', 'hoping')] },
      { unit: 'expected more', before: [isExpected] },
    ],
  ],
  ['better', [{ unit: 'expected more', before: [isExpected] }]],
  // "Exactly what I needed.", "Just what I was looking for.", "Not what I wanted.": word by word
  // "needed" and "looking" leaned negative. Only after "exactly", "just" or a negator: "What I
  // needed was a bigger size" is no verdict.
  ...['needed', 'wanted'].map((word): [string, Idiom[]] => [word, whatINeeded([])]),
  ['for', whatINeeded([isOneOf('looking'), isOneOf('was', 'were')])],
  // "Customer support never replied.", "No response to my emails.": a complaint of service, where
  // the negated verb weighed nothing and "support" leaned positive.
  ...['reply', 'replied', 'replies', 'respond', 'responded', 'response', 'answered'].map(
    (word): [string, Idiom[]] => [word, [{ unit: 'no reply', before: [isNegator] }]],
  ),
  ['worth', [{ unit: 'not worth', before: [isNegator] }]],
  [
    'back',
    [
      { unit: "won't be back", before: [isBeOrGo, isNegator], isWritersOwn: true },
      { unit: "won't be back", before: [isComing, isBe, isNegator], isWritersOwn: true },
      // The writer's verdict the other way: "We'll be back", "I will definitely be back".
      { unit: 'will be back', before: [isBe, isWill], isWritersOwn: true },
      { unit: 'will be back', before: [isBe, isSurely, isWill], isWritersOwn: true },
      { unit: 'will be back', before: [isGoOrCome, isWill], isWritersOwn: true },
      { unit: 'will be back', before: [isGoOrCome, isSurely, isWill], isWritersOwn: true },
    ],
  ],
  // "You can't beat the price", "It can't be beat": nothing does better.
  [
    'beat',
    [
      { unit: "can't beat", before: [isCannot] },
      { unit: "can't beat", before: [isBe, isCannot] },
    ],
  ],
  // "The nachos are a must have": read as the noun "must-have", which is how it is also typed.
  ['have', [{ unit: 'must-have', before: [isOneOf('must'), isOneOf('a')] }]],
  // "Can't say enough good things about it."
  ['enough', [{ unit: "can't say enough", before: [isOneOf('say'), isCannot] }]],
  // A count of thumbs is part of the verdict, not a number of a statement: "2 thumbs down" reads
  // as Hu & Liu's "thumbs-down".
  ...['down', 'up'].map((way): [string, Idiom[]] => [
    way,
    [
      { unit: `thumbs-${way}`, before: [isThumbs, isCount] },
      { unit: `thumbs-${way}`, before: [isThumbs] },
    ],
  ]),
  ...['happier', 'better', 'worse'].map((word): [string, Idiom[]] => [
    word,
    [
      { unit: `couldn't be ${word}`, before: [isBe, isCouldNot] },
      { unit: `couldn't be ${word}`, before: [isBeen, isHave, isCouldNot] },
      // "Never been better!", "I have never had better", "I've never felt happier"; not "It
      // never gets better".
      { unit: `couldn't be ${word}`, before: [isOneOf('been', 'had', 'felt'), isOneOf('never')] },
    ],
  ]),
  // Relief, not regret: "It could have been worse." (the unmet expectation is read first).
  ['worse', [{ unit: 'could have been worse', before: [isOneOf('could have been')] }]],
  // "I've had better.", "I've had better bagels from the grocery store.": this was worse. Only
  // after "have" ("You had better hurry" is advice).
  ['better', [{ unit: 'have had better', before: [isOneOf('had'), isPerfect] }]],
  // Advice against: SST-2's "waste" in a negation is "doesn't waste a minute", praise.
  ['waste', [{ unit: "don't waste", before: [isDont], isOpening: true }]],
  ['buy', [{ unit: "don't buy", before: [isDont], isOpening: true }]],
  ['purchase', [{ unit: "don't buy", before: [isDont], isOpening: true }]],
  ['order', [{ unit: "don't buy", before: [isDont], isOpening: true }]],
  ['go', [{ unit: "don't go", before: [isDont], isOpening: true }]],
  ['bother', [{ unit: "don't bother", before: [isDont], isOpening: true }]],
]);

/**
 * A table of units by their last word. A word may end units of several entries ("better" ends
 * "couldn't be better" and "have had better"): their units are kept together, in order, where a
 * Map of the entries would keep only the last.
 */
function byLastWord(
  entries: readonly (readonly [string, readonly Idiom[]])[],
): ReadonlyMap<string, readonly Idiom[]> {
  const table = new Map<string, Idiom[]>();
  for (const [word, idioms] of entries) table.set(word, [...(table.get(word) ?? []), ...idioms]);
  return table;
}

/** The tokens a table of units is read as. */
const unitsOf = (table: ReadonlyMap<string, readonly Idiom[]>): ReadonlySet<string> =>
  new Set([...table.values()].flatMap((idioms) => idioms.map((idiom) => idiom.unit)));

/** The tokens the idioms are read as: each needs a score in idiom-valence.tsv (a lab test). */
export const IDIOM_UNITS = unitsOf(IDIOMS);

/**
 * What could, should or would have been, what was supposed to be: an expectation that what they
 * got did not meet ("It could have been great.", "It was supposed to be funny.", "If only the plot
 * made sense."). Word by word "great" and "funny" read as praise. Each is one unit that negates
 * the rest of its clause as "not" does, so the words it governs take their learned negated
 * weights; the unit's own weight is learned, not curated: SST-2 has a few hundred of them. Not
 * "might have been", a guess ("It might have been the best meal of my life."), nor "wanted to",
 * which opens thanks and praise as often as regret ("Just wanted to say thanks!").
 */
const MODALS = ['could', 'should', 'would'];
const COUNTERFACTUALS: ReadonlyMap<string, readonly Idiom[]> = new Map([
  [
    'been',
    MODALS.flatMap((modal) => [
      { unit: `${modal} have been`, before: [isHave, isOneOf(modal)] },
      { unit: `${modal} have been`, before: [isOneOf(`${modal}'ve`)] },
    ]),
  ],
  ['to', [{ unit: 'supposed to', before: [isOneOf('supposed')] }]],
  ['only', [{ unit: 'if only', before: [isOneOf('if')] }]],
]);
/**
 * A negator that says "this is far from it" without a "not": "far from perfect", "far from the
 * best part of the game". Word by word "best" reads as praise. It negates the rest of its clause
 * as a counterfactual does, and its own weight is learned.
 */
const DENIALS: ReadonlyMap<string, readonly Idiom[]> = new Map([
  ['from', [{ unit: 'far from', before: [isOneOf('far')] }]],
]);
/** The units that negate the rest of their clause, as "not" does. */
const NEGATING_UNITS = new Set([
  ...unitsOf(COUNTERFACTUALS),
  ...unitsOf(DENIALS),
  // Idioms with their own curated score (IDIOMS), and negators still.
  ...Object.keys(FAILURES).map((verb) => `doesn't ${verb}`),
]);

/**
 * Words read as one function word: no weight of their own, no negation's scope. A negator that
 * denies nothing: "not only ... but also" and "not just" add to what they govern, "it wasn't
 * until the end that I realised how great it was" and "never fails to amaze" ("never ceases
 * to") keep its sign, and so does what "can't believe how" exclaims at; word by word each
 * negates the rest of its clause and turns the praise round. And "as well", "also": in "not bad
 * as well" its "well" is not praise a negation turns.
 */
const PLAIN_UNITS: ReadonlyMap<string, readonly Idiom[]> = new Map([
  // "as well" is "also", not a "well" a negation turns round: "not bad as well".
  ['well', [{ unit: 'as well', before: [isOneOf('as')] }]],
  ['only', [{ unit: 'not only', before: [isOneOf('not')] }]],
  ['just', [{ unit: 'not just', before: [isOneOf('not')] }]],
  ['until', [{ unit: 'not until', before: [isNegator] }]],
  // Where a place is: "The hotel is not far from the beach." (longer than the denial "far from").
  ['from', [{ unit: 'not far from', before: [isOneOf('far'), isNegator] }]],
  // Amazement, not denial: "I can't believe how good it is", "We could not believe how dirty
  // the oysters were". Without "how" it denies: "I can't believe anyone would enjoy this".
  ['how', [{ unit: "can't believe how", before: [isOneOf('believe'), isNegator] }]],
  // Stress inside a negation, not a count: "not one bit disappointed", "not the least bit".
  [
    'bit',
    [
      { unit: 'one bit', before: [isOneOf('one')] },
      { unit: 'least bit', before: [isOneOf('least')] },
    ],
  ],
  [
    'to',
    [
      {
        unit: 'never fails to',
        before: [isOneOf(...'fail fails failed cease ceases ceased'.split(' ')), isNegator],
      },
    ],
  ],
]);
/** The function words and the plain units: one lookup per token in readText. */
const FUNCTION_TOKENS: ReadonlySet<string> = new Set([...FUNCTION_WORDS, ...unitsOf(PLAIN_UNITS)]);

/**
 * Every kind of unit by its last word, in one map: addWord asks it of every word. A last word
 * several tables have keeps the units of each, the longest first ("not far from" before "far
 * from"), then idioms first.
 */
const UNIT_TABLES = [IDIOMS, COUNTERFACTUALS, DENIALS, PLAIN_UNITS];
const UNITS: ReadonlyMap<string, readonly Idiom[]> = new Map(
  [...new Set(UNIT_TABLES.flatMap((table) => [...table.keys()]))].map((word) => [
    word,
    UNIT_TABLES.flatMap((table) => table.get(word) ?? []).sort(
      (a, b) => b.before.length - a.before.length,
    ),
  ]),
);

/**
 * Every token the reader makes of several words, idioms and unmet expectations: a pair of
 * tokens is keyed "first second" (learned.ts packWeights splits it by these).
 */
export const UNIT_TOKENS = unitsOf(UNITS);

/** Where in `raw` the words of an idiom that the next word ends start, if they do. */
function idiomStart(raw: readonly (RawToken | null)[], idiom: Idiom): number | undefined {
  let at = raw.length;
  for (const isWanted of idiom.before) {
    const item = raw[--at];
    if (!item?.isWord) return undefined;
    // "can not", "could not": the "not" of a negator position takes its auxiliary with it.
    const auxiliary = item.token === 'not' ? JOINED_NOT.get(raw[at - 1]?.token ?? '') : undefined;
    if (auxiliary !== undefined) at--;
    if (!isWanted(auxiliary ?? item.token)) return undefined;
  }
  if (idiom.isOpening === true && !isClauseStart(raw, at)) return undefined;
  if (idiom.isWritersOwn === true && !isWritersOwn(raw, at)) return undefined;
  return at;
}

/** Whether nothing but a lead-in ("please", "just") comes before `at` in its clause. */
function isClauseStart(raw: readonly (RawToken | null)[], at: number): boolean {
  let before = at - 1;
  while (before >= 0 && raw[before]?.isWord === true && LEAD_INS.has(raw[before]?.token ?? ''))
    before--;
  // An emoji or a face is the writer's verdict, a clause of its own: "😡 Don't buy".
  return before < 0 || raw[before]?.isWord !== true;
}

/** Whether the clause before `at` has only the writer for a subject, or none. */
function isWritersOwn(raw: readonly (RawToken | null)[], at: number): boolean {
  for (let before = at - 1; before >= 0; before--) {
    const item = raw[before];
    if (item === null || item === undefined || !item.isWord) return true;
    if (!WRITERS_OWN.has(item.token)) return false;
  }
  return true;
}

/**
 * A score out of 5, 10 or 100 ("9/10", "8.5 / 10", "4 out of 5"; not a date, "24/7" or "1/2
 * cup"), or stars ("5 stars", "1 star"), at a word that starts with a digit.
 */
const RATING =
  /(\d{1,3}(?:\.\d+)?)\s*(?:\/|out of)\s*(5|10|100)(?![\d/])|([0-5](?:\.5)?)\s*stars?\b/iy;
/** "gave it a 10": a bare number rates after one of these, "it"/"this"/"them" and "a"/"an". */
const RATES = new Set(['give', 'gave', 'giving', 'rate', 'rated', 'rating']);

/**
 * The rating that starts at `start`, as its score out of 10 ("4 out of 5" is "8/10", "11/10"
 * "10/10"), and where it ends; a number after "gave it a" is out of 10. A rating is an opinion
 * said with a number, where any other number is read as a function word, so it is one token the
 * curated list scores (lab/data/sentiment/rating-valence.tsv), not a number and its neighbours.
 */
function ratingAt(
  text: string,
  start: number,
  raw: readonly (RawToken | null)[],
): { token: string; end: number } | undefined {
  const first = text.charCodeAt(start);
  if (first < DIGIT_0 || first > DIGIT_9 || text.charCodeAt(start - 1) === SLASH) return undefined;
  // "moved to 9/10", "due by 4/5": a date; "1/5 of the students": a fraction.
  if (DATE_BEFORE.has(raw.at(-1)?.token ?? '')) return undefined;
  RATING.lastIndex = start;
  const match = RATING.exec(text);
  if (match !== null) {
    const [found, score, scale, stars] = match;
    FRACTION_OF.lastIndex = start + found.length;
    if (FRACTION_OF.test(text)) return undefined;
    const token =
      stars === undefined ? outOf10(Number(score) / Number(scale)) : outOf10(Number(stars) / 5);
    return { token, end: start + found.length };
  }
  const bare = /^\d{1,2}\b/.exec(text.slice(start, start + 3));
  const [article, object, verb] = [raw.at(-1), raw.at(-2), raw.at(-3)].map((r) => r?.token);
  if (bare === null || Number(bare[0]) > 10 || (article !== 'a' && article !== 'an'))
    return undefined;
  if (!(object === 'it' || object === 'this' || object === 'them') || !RATES.has(verb ?? ''))
    return undefined;
  return { token: outOf10(Number(bare[0]) / 10), end: start + bare[0].length };
}

/** A score from 0 to 1 as the rating token the curated list scores: "8/10". */
const outOf10 = (score: number) => `${Math.round(10 * Math.min(1, score))}/10`;

/**
 * The rating that a count of stars said in words ends at `token` ("Five stars!", "One star."),
 * read as "5 stars" is: from the count's start to `end`.
 */
function starsInWords(
  count: RawToken | null | undefined,
  token: string,
  end: number,
): RawToken | undefined {
  if (!count || (token !== 'stars' && token !== 'star')) return undefined;
  const stars = STAR_COUNTS.get(count.token);
  if (stars === undefined) return undefined;
  return { token: outOf10(stars / 5), start: count.start, end, isWord: true, isRating: true };
}

const STAR_COUNTS: ReadonlyMap<string, number> = new Map(
  ['zero', 'one', 'two', 'three', 'four', 'five'].map((count, stars) => [count, stars]),
);

const SLASH = 0x2f;
const DATE_BEFORE = new Set('on to by until till from since at before after'.split(' '));
const FRACTION_OF = /\s+of\b/iy;
const HASH = 0x23; // #

/** Lower-cased, apostrophes made plain, and a stretched spelling read as the word. */
function readWord(word: string): string {
  const lower = word.toLowerCase();
  // Few words have a typographic apostrophe; looking for one costs less than a replace on each.
  const hasCurly = lower.includes('\u2019') || lower.includes('\u02bc');
  return unstretch(hasCurly ? lower.replace(/[\u2019\u02bc]/g, "'") : lower);
}

interface RawToken {
  token: string;
  readonly start: number;
  end: number;
  readonly isWord: boolean;
  /** Weighs only in a bigram, as a function word does, whatever its spelling. */
  readonly isPlain?: boolean;
  /** A rating read as its score out of 10 (ratingAt). */
  readonly isRating?: boolean;
}

/** Adds a word, or joins it to the words before it when they end an idiom (IDIOMS). */
function addWord(raw: (RawToken | null)[], word: RawToken): void {
  // Most words end no idiom: one lookup, and no list made or walked for them.
  const idioms = UNITS.get(word.token);
  if (idioms !== undefined) {
    for (const idiom of idioms) {
      const from = idiomStart(raw, idiom);
      if (from === undefined) continue;
      const start = raw[from]?.start ?? word.start;
      // A new unit: the tag's "#CantWait" opens with a negator, but the idiom is not a plain word.
      raw.splice(from, raw.length - from, {
        token: idiom.unit,
        start,
        end: word.end,
        isWord: true,
      });
      return;
    }
  }
  raw.push(word);
}

/**
 * The few words that join or turn clauses, by what they do; the reader asks this of each token,
 * one lookup that most words miss.
 * - contrast: turns against what came before, as "but" does ("Great screen, however the battery
 *   dies fast.");
 * - contrast opening a clause: "yet" and "still" only after another clause ("cheap, yet it
 *   works"; "slow. Still, worth it"): elsewhere they are "not yet" and "still works";
 * - concession: "although" (see isConceding);
 * - subordinator, joiner: where a negation's clause ends (see opensClause).
 */
type ClauseRole =
  'contrast' | 'contrast opening a clause' | 'concession' | 'subordinator' | 'joiner';
const CLAUSE_ROLES: ReadonlyMap<string, ClauseRole> = new Map([
  ...['but', 'however', 'except', 'otherwise'].map((word) => [word, 'contrast'] as const),
  ...['yet', 'still'].map((word) => [word, 'contrast opening a clause'] as const),
  ...['although', 'though'].map((word) => [word, 'concession'] as const),
  // Not "which": a restrictive "which" is part of the negated noun ("not a film which I enjoyed"),
  // and a comma already ends the scope before the other kind.
  ...['because', 'when', 'while', 'since', 'whereas'].map(
    (word) => [word, 'subordinator'] as const,
  ),
  // Not "or": after a negator it carries the negation on ("no style or the charm").
  ['and', 'joiner'] as const,
]);

/** Whether the token at `at`, of clause role `role`, turns against what came before it. */
function isContrast(
  raw: readonly (RawToken | null)[],
  at: number,
  role: ClauseRole | undefined,
): boolean {
  // "not only the cast but also the script": "but also" adds, it does not turn.
  if (role === 'contrast') return raw[at]?.token !== 'but' || raw[at + 1]?.token !== 'also';
  return (
    role === 'contrast opening a clause' &&
    at > 0 &&
    (raw[at - 1] === null || raw[at - 1]?.token === 'and')
  );
}

/**
 * Whether the "although" or "though" at `at` opens a concession. "although" does: the clause it
 * opens weighs less than the one it concedes to, wherever it stands ("Although the screen is
 * great, the battery dies." and "The camera, although rated at 12 megapixels, takes blurry
 * pictures." are complaints). So does "though" where it opens the text or follows "even"; after a
 * comma it is mostly said as a "but" ("Tasty, though the service was slow"), and at a clause's end
 * as "however": there it weighs nothing down.
 */
function isConceding(raw: readonly (RawToken | null)[], at: number): boolean {
  return raw[at]?.token === 'although' || at === 0 || raw[at - 1]?.token === 'even';
}

/**
 * A negation governs its own clause, not the next one: "Not tasty and the texture was just nasty"
 * does not deny the nastiness, nor "I didn't like it because the acting was bad" the badness.
 * A new clause opens at a subordinating word, or at "and" before a new subject; "and" before
 * anything else joins what the negation governs ("not fast and light").
 */
const SUBJECTS = new Set(
  "i i'm i've i'd we we're they they're he he's she she's it it's you you're there the this my our their his her".split(
    ' ',
  ),
);

function opensClause(
  role: ClauseRole | undefined,
  raw: readonly (RawToken | null)[],
  at: number,
): boolean {
  if (role === 'subordinator') return true;
  return role === 'joiner' && SUBJECTS.has(raw[at + 1]?.token ?? '');
}

/**
 * A negation of a degree is emphasis, not denial: "I've never been more insulted", "It couldn't
 * be more fun", "I have never had such bland food". The scope ends at the degree word, so what
 * it grades keeps its own sign. ("not so good" and "not more than" stay negations: only "more"
 * after "be" or "been", and "such" after "never".)
 */
function isEmphatic(token: string, previous: string | undefined, negator: string | undefined) {
  if (token === 'more') return previous === 'be' || previous === 'been';
  return token === 'such' && negator === 'never';
}

/**
 * Whether the "can't" (or "could not") at `at` only says a thing cannot be done enough: "Can't
 * recommend it enough!", "I can't thank them enough for their help", "can't get enough of it".
 * That is praise of it, not a negation of it: word by word "recommend" and "thank" read as
 * denied. Its clause (up to punctuation or a joining word) has "enough" at its end or before
 * "for", "of" or "about"; "It can't hold enough water" still denies.
 */
function isCantEnough(raw: readonly (RawToken | null)[], at: number): boolean {
  const token = raw[at]?.token ?? '';
  // "can not", "could not": the "not" takes its auxiliary, as idiomStart reads it.
  const joined = token === 'not' ? JOINED_NOT.get(raw[at - 1]?.token ?? '') : undefined;
  if (!isCouldNot(joined ?? token)) return false;
  for (let i = at + 1; raw[i]?.isWord === true && !CLAUSE_ROLES.has(raw[i]?.token ?? ''); i++) {
    if (raw[i]?.token !== 'enough') continue;
    const next = raw[i + 1];
    return next === null || next === undefined || !next.isWord || AFTER_ENOUGH.has(next.token);
  }
  return false;
}

const AFTER_ENOUGH = new Set(['for', 'of', 'about']);

/** The text's tokens, each with what scoring needs to know about its place. */
export function readText(text: string): ReadToken[] {
  // First pass: tokens and clause ends (null), contractions joined.
  const raw: (RawToken | null)[] = [];
  // The end of the last mention or link read: what TOKEN finds inside it is skipped.
  let skipTo = 0;
  // exec on the one regex, from the start: matchAll would clone it per text (the spec's
  // RegExp.prototype[Symbol.matchAll] makes a new one through its species constructor).
  const pattern = BEYOND_ASCII.test(text) ? TOKEN : ASCII_TOKEN;
  pattern.lastIndex = 0;
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    const [found, word, emoji, clause, run] = match;
    const start = match.index;
    const end = start + found.length;
    if (start < skipTo) continue;
    const kind = run === undefined ? undefined : runKind(text, start, run);
    if (emoji !== undefined || kind === 'face') {
      raw.push({ token: found, start, end, isWord: false });
    } else if (word !== undefined) {
      skipTo = notOpinionUntil(text, start, end);
      if (skipTo > start) continue;
      const rating = ratingAt(text, start, raw);
      if (rating !== undefined) {
        raw.push({ token: rating.token, start, end: rating.end, isWord: true, isRating: true });
        skipTo = rating.end;
        continue;
      }
      if (text.charCodeAt(start - 1) === HASH) {
        // A tag is the writer's verdict, a clause of its own on both sides: no negator reaches
        // into it ("still no refund #fail") or out of it ("#NotHappy with it").
        if (raw.length > 0 && raw.at(-1) !== null) raw.push(null);
        const parts = hashtagWords(word);
        for (const [n, part] of parts.entries()) {
          const from = start + part.offset;
          const token = readWord(part.word);
          // A tag's opening negator only negates the rest of the tag: "#NoFilter" says nothing
          // against anything, and its "no" alone weighs against.
          const isPlain = n === 0 && parts.length > 1 && isNegator(token);
          addWord(raw, { token, start: from, end: from + part.word.length, isWord: true, isPlain });
        }
        raw.push(null);
        continue;
      }
      const token = readWord(word);
      const last = raw.at(-1);
      const stars = starsInWords(last, token, end);
      if (stars !== undefined) {
        raw[raw.length - 1] = stars;
      } else if (last && isSplitSuffix(token) && /\s/.test(text[start - 1] ?? '')) {
        last.token += token;
        last.end = end;
      } else {
        addWord(raw, { token, start, end, isWord: true });
        // A stretched "nooooo" is an exclamation, a clause of its own: "nooooo my phone died".
        // A stretched "not" or "don't" still negates ("nooooot good").
        if (token === 'no' && token.length < word.length) raw.push(null);
      }
    } else if (
      (clause !== undefined || kind === 'clause') &&
      raw.length > 0 &&
      raw.at(-1) !== null
    ) {
      raw.push(null);
    }
  }
  let lastBut = raw.length - 1;
  while (lastBut >= 0 && !isContrast(raw, lastBut, CLAUSE_ROLES.get(raw[lastBut]?.token ?? '')))
    lastBut--;

  const tokens: ReadToken[] = [];
  let previous: string | undefined;
  let beforePrevious: string | undefined;
  let negator = -1;
  // Whether the clause being read is one an "although" opened (isConceding).
  let isConceded = false;
  for (let i = 0; i < raw.length; i++) {
    const item = raw[i] ?? null;
    const role = item === null ? undefined : CLAUSE_ROLES.get(item.token);
    const concedes = role === 'concession' && isConceding(raw, i);
    // A face or an emoji ends a negation's scope as punctuation does: it is the writer's own
    // verdict, not a word the negator governs ("didn't like it :(" stays negative).
    if (
      item === null ||
      !item.isWord ||
      // Every contrast ends a negation, not only the last one that halves what comes before it.
      i === lastBut ||
      isContrast(raw, i, role) ||
      concedes ||
      opensClause(role, raw, i) ||
      (negator >= 0 && isEmphatic(item.token, previous, tokens[negator]?.token))
    )
      negator = -1;
    if (item === null) {
      isConceded = false;
      previous = undefined;
      beforePrevious = undefined;
      continue;
    }
    const index = tokens.length;
    // A "can't ... enough" is praise: a plain word, with no scope (isCantEnough).
    const isNegatorWord = isNegator(item.token);
    const isCantPraise = isNegatorWord && isCantEnough(raw, i);
    const negates = isNegatorWord && !isCantPraise;
    const isNegated = negator >= 0 && !negates;
    const isBoosted = previous !== undefined && BOOSTERS.has(previous);
    const isBeforeBut = i < lastBut || isConceded;
    tokens.push({
      token: item.token,
      isWord: item.isWord,
      isFunctionWord:
        item.isPlain === true ||
        isCantPraise ||
        FUNCTION_TOKENS.has(item.token) ||
        (hasDigit(item.token) && item.isRating !== true) ||
        (item.token === 'like' && isPrepositionLike(previous, beforePrevious)),
      isRating: item.isRating === true,
      start: item.start,
      end: item.end,
      previous,
      isNegated,
      unit: isNegated ? negator : index,
      isBoosted,
      isBeforeBut,
      scale: (isBeforeBut ? BEFORE_BUT : 1) * (isBoosted ? BOOST : 1),
    });
    if (negates) negator = index;
    if (concedes) isConceded = true;
    beforePrevious = previous;
    previous = item.token;
  }
  return tokens;
}
