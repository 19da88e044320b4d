import { Module } from '@nestjs/common';
import { BounceRepository } from '../../application/ports/bounce.repository.port';
import { PostgresBounceRepository } from './postgres-bounce-repository.adapter';
import { BounceRetentionStore } from '../../application/ports/bounce-retention-store.port';
import { PostgresBounceRetentionStore } from './postgres-bounce-retention-store.adapter';

@Module({
  providers: [
    { provide: BounceRepository, useClass: PostgresBounceRepository },
    { provide: BounceRetentionStore, useClass: PostgresBounceRetentionStore },
  ],
  exports: [BounceRepository, BounceRetentionStore],
})
export class BouncesPersistenceModule {}
