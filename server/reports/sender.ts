// Outbound SMS: one interface, a gateway implementation (Africa's Talking's messaging API, the common Kenyan gateway)
// and a fake that keeps what it would have sent (tests, and deployments without a gateway).

export interface Sender {
  send(to: string, message: string): Promise<void>
}

export interface OutboundMessage {
  to: string
  message: string
}

/** Keeps messages instead of sending them. */
export class FakeSender implements Sender {
  readonly sent: OutboundMessage[] = []
  async send(to: string, message: string): Promise<void> {
    this.sent.push({ to, message })
  }
}

export interface GatewayConfig {
  /** e.g. https://api.africastalking.com/version1/messaging */
  url: string
  username: string
  apiKey: string
  /** Short code or alphanumeric sender id; omitted = the gateway's default. */
  from?: string
}

/** Africa's Talking-style POST (form-encoded username, to, message, from; apiKey header). */
export class GatewaySender implements Sender {
  constructor(
    private readonly config: GatewayConfig,
    private readonly fetchFn: typeof fetch = fetch,
  ) {}

  async send(to: string, message: string): Promise<void> {
    const body = new URLSearchParams({ username: this.config.username, to, message })
    if (this.config.from) body.set('from', this.config.from)
    const res = await this.fetchFn(this.config.url, {
      method: 'POST',
      headers: {
        apiKey: this.config.apiKey,
        Accept: 'application/json',
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body,
      signal: AbortSignal.timeout(10_000),
    })
    if (!res.ok) throw new Error(`SMS gateway answered ${res.status}`)
  }
}
