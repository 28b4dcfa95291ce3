import type { Analysis } from '@sentiment/functions/contract';

/**
 * How a text reads, in words, from its label and calibrated confidence: the score itself is
 * log-odds, which means little to a reader. With the learned lexicon, answers given at 0.9 are
 * right about 90 % of the time, so "strongly" is earned; below 0.7 it is a lean.
 */
export function toneOf({ label, confidence }: Pick<Analysis, 'label' | 'confidence'>): string {
  if (label === 'neutral') return 'Neutral';
  const strength = confidence >= 0.9 ? 'Strongly' : confidence >= 0.7 ? 'Clearly' : 'Slightly';
  return `${strength} ${label}`;
}

/**
 * A score or a word's weight, signed, with a real minus sign and at most two decimals: "−71.87",
 * "+3". One writer for both, so the weights a card lists read like the score they add up to.
 */
export function signed(value: number): string {
  const rounded = Math.round(value * 100) / 100;
  return rounded > 0 ? `+${rounded}` : rounded < 0 ? `−${-rounded}` : '0';
}
