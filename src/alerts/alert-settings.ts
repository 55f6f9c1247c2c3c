/** What alert evaluation and delivery read of the configuration (`SLEEPWATCH_*` alert settings). */
export interface AlertSettings {
  /** Between reminders of an open alert; 0: none. */
  reminderMs: number;
  unreachableAfter: number;
  /** SLEEPWATCH_PUBLIC_URL without a trailing slash; undefined when not set (see `publicUrlFor`). */
  publicUrl?: string;
  email?: { url: string; from: string };
  /** Webhook targets may be private addresses (same switch as the crawler's). */
  allowPrivateHosts: boolean;
}
