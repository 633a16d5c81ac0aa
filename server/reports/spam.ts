// A spam score in [0, 1] with the reasons behind it, so a moderator sees why a report sank in the queue. Each rule adds
// a weight; none refuses a report on its own (a real report can look odd).

export interface SpamSignals {
  description: string
  /** Reports from the same device, address or phone in the last 24 hours (before this one). */
  recentFromSender: number
  /** An earlier report from the same sender with the same text in the last 24 hours. */
  repeatedText: boolean
  /** Reports from this phone that moderators rejected. */
  rejectedBefore: number
}

const RULES: { reason: string; weight: number; test: (s: SpamSignals) => boolean }[] = [
  { reason: 'link', weight: 0.4, test: (s) => /(https?:\/\/|www\.|\.(com|net|xyz|ly)\b)/i.test(s.description) },
  { reason: 'markup', weight: 0.2, test: (s) => /<\/?[a-z][^>]*>/i.test(s.description) },
  { reason: 'very_short', weight: 0.2, test: (s) => s.description.replace(/\W/g, '').length < 8 },
  {
    reason: 'shouting',
    weight: 0.1,
    test: (s) =>
      s.description.length > 20 && s.description === s.description.toUpperCase() && /[A-Z]/.test(s.description),
  },
  { reason: 'repeated_text', weight: 0.4, test: (s) => s.repeatedText },
  { reason: 'many_from_sender', weight: 0.3, test: (s) => s.recentFromSender >= 3 },
  { reason: 'rejected_before', weight: 0.3, test: (s) => s.rejectedBefore > 0 },
]

export function spamScore(s: SpamSignals): { score: number; reasons: string[] } {
  const hits = RULES.filter((r) => r.test(s))
  const score = Math.min(
    1,
    hits.reduce((sum, r) => sum + r.weight, 0),
  )
  return { score: Math.round(score * 100) / 100, reasons: hits.map((r) => r.reason) }
}
