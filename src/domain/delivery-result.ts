/**
 * The outcome of one delivery (webhook or e-mail). `status` is the HTTP status (the SMTP
 * reply code for e-mail), null when no answer came; `answer` a one-line excerpt of what the
 * receiver answered, when it answered. Neither `reason` nor `answer` carries a secret.
 */
export type DeliveryResult =
  { ok: true; status: number; answer?: string } | { ok: false; retry: boolean; status: number | null; reason: string; answer?: string };
