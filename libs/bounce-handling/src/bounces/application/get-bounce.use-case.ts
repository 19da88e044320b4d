import { Injectable } from '@nestjs/common';
import { BounceNotFoundError } from '../domain/bounce.errors';
import { type BounceDetail, BounceRepository } from './ports/bounce.repository.port';

@Injectable()
export class GetBounce {
  constructor(private readonly bounces: BounceRepository) {}

  /** One bounce in full, with the raw event its provider sent; `BounceNotFoundError` for an unknown id. */
  async execute(id: number): Promise<BounceDetail> {
    const bounce = await this.bounces.findById(id);
    if (bounce === null) throw new BounceNotFoundError(id);
    return bounce;
  }
}
