import { Injectable } from '@nestjs/common';
import { CampaignId } from '../../shared/domain/campaign-id';
import { EmailAddress } from '../../shared/domain/email-address';
import { classifyBounce } from '../domain/bounce-classification/bounce-classifier';
import { bounceCause, type BounceType, type DeliveryEvent } from '../domain/delivery-event';
import { IngestionBatcher } from './ingestion-batcher';

export interface RecordBounceCommand {
  readonly email: string;
  readonly bounceType: BounceType;
  readonly bounceSubtype: string | null;
  readonly diagnosticCode: string | null;
  /** Text or a non-negative integer (`CampaignId`'s rule); stored as the id's text. */
  readonly campaignId: string | number | null;
}

/**
 * A bounce reported through the API (`source: api`): recorded and applied like any other, with
 * the type its caller gave, an operator's deliberate record. Its cause is read from its
 * diagnostic for reporting only (docs/policy.md, rule 13). Concurrent API bounces share their
 * transactions (group commit, `IngestionBatcher`); each is answered once committed.
 */
@Injectable()
export class RecordBounce {
  constructor(private readonly ingestion: IngestionBatcher) {}

  async execute(command: RecordBounceCommand): Promise<{ bounceId: number }> {
    const [outcome] = await this.ingestion.ingest([toEvent(command)]);
    // An API report has no provider event id, so it is never a duplicate and always recorded.
    if (outcome.result !== 'recorded') throw new Error(`an API bounce was not recorded (${outcome.result})`);
    return { bounceId: outcome.bounceId };
  }
}

function toEvent(command: RecordBounceCommand): DeliveryEvent {
  const common = {
    email: EmailAddress.parse(command.email),
    source: 'api' as const,
    providerEventId: null,
    providerMessageId: null,
    campaignId: command.campaignId === null ? null : CampaignId.parse(command.campaignId).value,
    rawPayload: null,
  };
  if (command.bounceType === 'complaint') {
    return { ...common, kind: 'complaint', subtype: command.bounceSubtype, feedbackType: null };
  }
  return {
    ...common,
    kind: 'bounce',
    bounceType: command.bounceType,
    subtype: command.bounceSubtype,
    diagnosticCode: command.diagnosticCode,
    classification: bounceCause(classifyBounce({ diagnostic: command.diagnosticCode, providerType: command.bounceType })),
  };
}
