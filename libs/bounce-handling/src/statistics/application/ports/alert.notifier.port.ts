import type { CampaignAlert } from './delivery-statistics.repository.port';

/** Tells, after the commit, that campaigns crossed into a worse health status (a log line, the in-process event). */
export abstract class AlertNotifier {
  abstract publish(alerts: readonly CampaignAlert[]): Promise<void>;
}
