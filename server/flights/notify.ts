import type { Queryable } from '../db/index.ts'
import type { Notification } from '../../contract/flights.ts'

// Notifications of the flight clearance: in-app (the notifications table, read by GET /api/notifications) and
// outbound email/SMS through one Sender. The default sender puts messages in notification_outbox for the ministry's
// mail/SMS gateway to deliver (it resolves the username to an address); tests use the fake, which keeps them.

export interface OutboundMessage {
  channel: 'email' | 'sms'
  /** The username of the recipient. */
  to: string
  subject: string
  body: string
}

export interface Sender {
  send(q: Queryable, m: OutboundMessage): Promise<void>
}

export const outboxSender: Sender = {
  async send(q, m) {
    await q.query('INSERT INTO notification_outbox (channel, recipient, subject, body) VALUES ($1, $2, $3, $4)', [
      m.channel,
      m.to,
      m.subject,
      m.body,
    ])
  },
}

/** A sender that only remembers what it was given. */
export function fakeSender(): Sender & { sent: OutboundMessage[] } {
  const sent: OutboundMessage[] = []
  return {
    sent,
    send: async (_q, m) => {
      sent.push(m)
    },
  }
}

/** An in-app notification plus an email to each user. */
export async function notifyUsers(
  q: Queryable,
  sender: Sender,
  usernames: string[],
  n: { requestId: number; kind: string; subject: string; message: string; facts?: Notification['facts'] },
) {
  for (const username of new Set(usernames)) {
    await q.query(
      'INSERT INTO notifications (username, request_id, kind, message, facts) VALUES ($1, $2, $3, $4, $5::jsonb)',
      [username, n.requestId, n.kind, n.message, n.facts ? JSON.stringify(n.facts) : null],
    )
    await sender.send(q, { channel: 'email', to: username, subject: n.subject, body: n.message })
  }
}

export async function listNotifications(q: Queryable, username: string) {
  const r = await q.query<{
    id: number
    request_id: number | null
    kind: string
    message: string
    facts: Notification['facts']
    created_at: string
    read_at: string | null
  }>(
    `SELECT id, request_id, kind, message, facts, created_at, read_at FROM notifications WHERE username = $1
     ORDER BY created_at DESC, id DESC LIMIT 200`,
    [username],
  )
  return r.rows
}

export async function markRead(q: Queryable, username: string, id: number): Promise<boolean> {
  const r = await q.query(
    'UPDATE notifications SET read_at = COALESCE(read_at, now()) WHERE id = $1 AND username = $2 RETURNING id',
    [id, username],
  )
  return r.rows.length > 0
}
